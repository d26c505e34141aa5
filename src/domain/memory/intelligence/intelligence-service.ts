// Intelligence query: resolves the window, projects and contributor, gathers milestones (search
// hits for the question plus the most recent ones, all inside the window), then answers from
// them: by the configured LLM with citations, else (or when that fails) extractively.
import type { MemoryStore, MilestoneFilter, MilestoneRecord } from '../../../stores/memory-store.js';
import type { Logger } from '../../logger.js';
import type { ContributorService } from '../contributor-service.js';
import type { MilestoneSearch } from '../search/milestone-search.js';
import { excerptOf } from './excerpt.js';
import { extractiveAnswer, noActivityAnswer } from './extractive-answer.js';
import type { IntelligenceAnswer, IntelligenceQuery, IntelligenceSource } from './intelligence-types.js';
import { acceptCitedAnswer, buildAnswerMessages, type ChatAnswerer } from './llm-answer.js';
import { resolveTimeWindow, type TimeWindow } from './time-range.js';

export const DEFAULT_TIME_RANGE = '30d';
export const DEFAULT_CONTEXT_LIMIT = 50;
/** How many search hits are read before the window and contributor filters apply. */
const SEARCH_DEPTH = 200;

export class IntelligenceService {
  constructor(
    private readonly store: MemoryStore,
    private readonly search: MilestoneSearch,
    private readonly contributors: ContributorService,
    private readonly answerer: ChatAnswerer | undefined,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  async query(tenantId: string, input: IntelligenceQuery): Promise<IntelligenceAnswer> {
    const window = resolveTimeWindow(input.timeRange ?? DEFAULT_TIME_RANGE, this.now());
    const contextLimit = input.contextLimit ?? DEFAULT_CONTEXT_LIMIT;
    const projects = await this.store.listProjects(tenantId);
    const wanted = input.projectIds ? new Set(input.projectIds) : undefined;
    const projectIds = projects.map((p) => p.projectId).filter((id) => !wanted || wanted.has(id));
    const base = {
      question: input.question,
      projectsSearched: projectIds,
      timeRange: { since: window.since ?? null, until: window.until },
    };
    const filter: MilestoneFilter = { projectIds, until: window.until, ...(window.since ? { since: window.since } : {}) };
    if (input.contributorFilter) filter.agentIds = await this.contributors.resolveAgentIds(tenantId, input.contributorFilter);
    const milestones = projectIds.length === 0 ? [] : await this.gather(tenantId, input.question, filter, contextLimit);
    if (milestones.length === 0) {
      return { ...base, answer: noActivityAnswer(window.label, input.contributorFilter), sources: [], answeredBy: 'extractive' };
    }
    const sources = orderForCitation(milestones).map(toSource);
    const written = await this.writeWithLlm(tenantId, input.question, sources, window);
    if (written) return { ...base, answer: written, sources, answeredBy: 'llm' };
    return { ...base, answer: extractiveAnswer(sources, window.label), sources, answeredBy: 'extractive' };
  }

  /** Up to half the context from search hits, the rest from recency, then whatever is left of either. */
  private async gather(tenantId: string, question: string, filter: MilestoneFilter, limit: number): Promise<MilestoneRecord[]> {
    const hits = await this.search.search({ tenantId, query: question, projectIds: filter.projectIds!, limit: SEARCH_DEPTH });
    const found = await this.store.getMilestonesByIds(tenantId, hits.map((hit) => hit.milestoneId));
    const byId = new Map(found.map((m) => [m.milestoneId, m]));
    const agents = filter.agentIds ? new Set(filter.agentIds) : undefined;
    const relevant = hits
      .map((hit) => byId.get(hit.milestoneId))
      .filter((m): m is MilestoneRecord => m !== undefined && inWindow(m, filter) && (!agents || agents.has(m.agentId)));
    const { milestones: recent } = await this.store.listMilestones(tenantId, filter, { limit, offset: 0 });
    const chosen = new Map<string, MilestoneRecord>();
    const take = (list: MilestoneRecord[], upTo: number) => {
      for (const m of list) {
        if (chosen.size >= upTo) return;
        chosen.set(m.milestoneId, m);
      }
    };
    take(relevant, Math.ceil(limit / 2));
    take(recent, limit);
    take(relevant, limit);
    return [...chosen.values()];
  }

  private async writeWithLlm(tenantId: string, question: string, sources: IntelligenceSource[], window: TimeWindow): Promise<string | undefined> {
    if (!this.answerer) return undefined;
    try {
      const reply = await this.answerer(tenantId, buildAnswerMessages(question, sources, window.label));
      const accepted = acceptCitedAnswer(reply, sources.length);
      if (!accepted) this.logger.warn({ sources: sources.length }, 'intelligence: the LLM answer cited no valid source; answering extractively');
      return accepted;
    } catch (error) {
      this.logger.warn({ err: error }, 'intelligence: the LLM call failed; answering extractively');
      return undefined;
    }
  }
}

function inWindow(m: MilestoneRecord, filter: MilestoneFilter): boolean {
  return (filter.since === undefined || m.createdAt >= filter.since) && (filter.until === undefined || m.createdAt <= filter.until);
}

/** Grouped by project and branch (alphabetically), oldest first within a group. */
function orderForCitation(milestones: MilestoneRecord[]): MilestoneRecord[] {
  return [...milestones].sort(
    (a, b) =>
      compare(a.projectId, b.projectId) ||
      compare(a.branchName, b.branchName) ||
      compare(a.createdAt, b.createdAt) ||
      a.sequenceNumber - b.sequenceNumber ||
      compare(a.milestoneId, b.milestoneId),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toSource(m: MilestoneRecord): IntelligenceSource {
  return { milestoneId: m.milestoneId, projectId: m.projectId, branchName: m.branchName, excerpt: excerptOf(m), createdAt: m.createdAt };
}
