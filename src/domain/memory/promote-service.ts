// Promote: turns a response-cache entry into long-term knowledge, a milestone whose
// cumulativeProgress holds the caller's summary and the question, and thisContribution the answer,
// so search and intelligence find it like any other milestone. At most 10 promotions per project
// per minute (WorldFlow's rule), counted in the shared rate limiter so it holds across instances.
import { SynapseError } from '../../errors.js';
import type { RateLimiter, RateLimitRule } from '../../stores/ports/rate-limiter.js';
import { isStorableText, STORABLE_TEXT_RULE } from '../storable-text.js';
import type { CacheEntry, CacheStore } from '../../stores/ports/cache-store.js';
import { clip } from './branch-service.js';
import type { MilestoneService, StoredMilestone } from './milestone-service.js';
import { requireProject, type MemoryContext } from './project-service.js';

export interface PromoteInput {
  /** The cache entry's id. */
  cacheKey: string;
  reuseScore: number;
  summary: string;
  /** The semantic collection the entry came from. */
  l2Collection: string;
  branchName?: string;
  agentId?: string;
}

export interface Promotion extends StoredMilestone {
  cacheEntryId: string;
  reuseScore: number;
}

/** WorldFlow's limit: 10 promotions per project per minute. */
export const PROMOTION_RULE: RateLimitRule = { limit: 10, windowSecs: 60 };

const DEFAULT_PURPOSE = 'Knowledge promoted from the response cache';

export class PromoteService {
  constructor(
    private readonly ctx: MemoryContext,
    private readonly cache: CacheStore,
    private readonly milestones: MilestoneService,
    /** Writes cache entries still waiting in the write-behind buffer, so a fresh one is found. */
    private readonly flushCache: () => Promise<void>,
    private readonly limiter: RateLimiter,
  ) {}

  async promote(tenantId: string, projectId: string, input: PromoteInput): Promise<Promotion> {
    await requireProject(this.ctx.store, tenantId, projectId);
    const decision = await this.limiter.consume(`promote:${tenantId.length}:${tenantId}:${projectId}`, PROMOTION_RULE);
    if (!decision.allowed) {
      const { retryAfterSecs, retryAfterMs } = decision;
      throw new SynapseError('rate_limited', { group: 'promotions of this project', retryAfterSecs }, { retryAfterSecs, retryAfterMs });
    }
    await this.flushCache();
    const entry = await this.cache.getEntryById(tenantId, input.cacheKey);
    if (!entry) throw new SynapseError('not_found', { what: `cache entry '${input.cacheKey}'` });
    const answer = answerTextOf(entry).trim();
    if (!answer) throw new SynapseError('validation_failed', { detail: 'cacheKey names an entry with no text answer to promote' });
    const question = questionTextOf(entry);
    if (!isStorableText(answer) || !isStorableText(question) || !isStorableText(entry.model)) {
      // A cached answer may hold anything; a milestone's text must be storable, as a client's must.
      throw new SynapseError('validation_failed', { detail: `cacheKey names an entry whose text ${STORABLE_TEXT_RULE}; it cannot become a milestone` });
    }
    const stored = await this.milestones.storeMilestone(
      tenantId,
      projectId,
      {
        ...(input.branchName ? { branchName: input.branchName } : {}),
        branchPurpose: DEFAULT_PURPOSE,
        cumulativeProgress: clip(
          [`Summary: ${input.summary}`, `Collection: ${input.l2Collection}`, question ? `Question (${entry.model}): ${question}` : `Answer cached from ${entry.model}`].join('\n'),
          50_000,
        ),
        thisContribution: clip(answer, 10_000),
        agentId: input.agentId ?? 'synapse-cache',
        agentType: 'cache-promotion',
      },
      'promote',
    );
    return { ...stored, cacheEntryId: entry.id, reuseScore: input.reuseScore };
  }
}

function answerTextOf(entry: CacheEntry): string {
  const choices = (entry.response as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices;
  const content = Array.isArray(choices) ? choices[0]?.message?.content : undefined;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
  }
  return '';
}

/** The request's user text, when the semantic layer kept it (the exact layer keeps only a hash). */
function questionTextOf(entry: CacheEntry): string {
  if (!entry.semantic) return '';
  return [...entry.semantic.context, entry.semantic.text].filter(Boolean).join('\n');
}
