// Promote: turns a response-cache entry into long-term knowledge, a milestone whose
// cumulativeProgress holds the question and thisContribution the answer, so search and
// intelligence find it like any other milestone.
import { SynapseError } from '../../errors.js';
import { isStorableText, STORABLE_TEXT_RULE } from '../storable-text.js';
import type { CacheEntry, CacheStore } from '../../stores/ports/cache-store.js';
import { clip } from './branch-service.js';
import type { MilestoneService, StoredMilestone } from './milestone-service.js';
import { requireProject, type MemoryContext } from './project-service.js';

export interface PromoteInput {
  cacheEntryId: string;
  branchName?: string;
  branchPurpose?: string;
  agentId?: string;
}

const DEFAULT_PURPOSE = 'Knowledge promoted from the response cache';

export class PromoteService {
  constructor(
    private readonly ctx: MemoryContext,
    private readonly cache: CacheStore,
    private readonly milestones: MilestoneService,
    /** Writes cache entries still waiting in the write-behind buffer, so a fresh one is found. */
    private readonly flushCache: () => Promise<void>,
  ) {}

  async promote(tenantId: string, projectId: string, input: PromoteInput): Promise<StoredMilestone & { cacheEntryId: string }> {
    await requireProject(this.ctx.store, tenantId, projectId);
    await this.flushCache();
    const entry = await this.cache.getEntryById(tenantId, input.cacheEntryId);
    if (!entry) throw new SynapseError('not_found', { what: `cache entry '${input.cacheEntryId}'` });
    const answer = answerTextOf(entry).trim();
    if (!answer) throw new SynapseError('validation_failed', { detail: 'cacheEntryId names an entry with no text answer to promote' });
    const question = questionTextOf(entry);
    if (!isStorableText(answer) || !isStorableText(question) || !isStorableText(entry.model)) {
      // A cached answer may hold anything; a milestone's text must be storable, as a client's must.
      throw new SynapseError('validation_failed', { detail: `cacheEntryId names an entry whose text ${STORABLE_TEXT_RULE}; it cannot become a milestone` });
    }
    const stored = await this.milestones.storeMilestone(
      tenantId,
      projectId,
      {
        ...(input.branchName ? { branchName: input.branchName } : {}),
        branchPurpose: input.branchPurpose ?? DEFAULT_PURPOSE,
        cumulativeProgress: clip(question ? `Question (${entry.model}): ${question}` : `Answer cached from ${entry.model}`, 50_000),
        thisContribution: clip(answer, 10_000),
        agentId: input.agentId ?? 'synapse-cache',
        agentType: 'cache-promotion',
      },
      'promote',
    );
    return { ...stored, cacheEntryId: entry.id };
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
