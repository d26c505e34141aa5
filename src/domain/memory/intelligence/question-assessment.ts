// Decides what an intelligence question gets, before anything is written: the window and
// projects, the part of the memory the question names (a project, agent, contributor or branch),
// then either a digest (the question names no topic: "what happened this week", "what did
// deploy-bot do"), or the milestones relevant to its topic words (specific), or none of them
// clearing the calibrated relevance cut (no_match).
import type { MemoryStore, MilestoneFilter, MilestoneRecord } from '../../../stores/ports/memory-store.js';
import type { ContributorService } from '../contributor-service.js';
import type { MilestoneSearch } from '../search/milestone-search.js';
import type { AnswerScope } from './extractive-answer.js';
import type { AnswerKind, IntelligenceQuery } from './intelligence-types.js';
import { questionWords, stemOf, topicWords, type QuestionWord } from './question-words.js';
import { assessRelevance, topicTerms, type Assessed, type Candidate, type TopicTerm } from './relevance.js';
import { milestoneStems, milestoneText, mentionsStem, wordStemsOf } from './term-match.js';
import { narrowWindow, questionTimeSpan, resolveTimeWindow, type TimeWindow } from './time-range.js';
import { findMentions, type Mentions } from './window-entities.js';

export const DEFAULT_TIME_RANGE = '30d';
export const DEFAULT_CONTEXT_LIMIT = 50;
/** How many search hits are read before the window and the other filters apply. */
const SEARCH_DEPTH = 200;
/** The window's most recent milestones read for word weights, names and what the window holds. */
const WINDOW_SAMPLE = 1000;

export interface Assessment {
  kind: AnswerKind;
  window: TimeWindow;
  projectsSearched: string[];
  scope: AnswerScope;
  /** Milestones in the (narrowed) window. */
  windowTotal: number;
  /** specific: the relevant ones, best first; digest: the most recent; no_match: none. */
  milestones: MilestoneRecord[];
  /** Every candidate with its relevance, most relevant first (empty for a digest). */
  assessed: Assessed[];
  /** What relevance was measured on (empty for a digest), to evaluate other cuts. */
  relevanceInput: { terms: TopicTerm[]; windowSize: number; candidates: Candidate[]; limit: number; score: number };
  /** Project -> branches of the window's milestones (from the sample), for "what the window holds". */
  held: Map<string, Set<string>>;
}

const noRelevance = { assessed: [], relevanceInput: { terms: [], windowSize: 0, candidates: [], limit: 0, score: 0 } };

export class QuestionAssessor {
  constructor(
    private readonly store: MemoryStore,
    private readonly search: MilestoneSearch,
    private readonly contributors: ContributorService,
    private readonly now: () => number,
  ) {}

  async assess(tenantId: string, input: IntelligenceQuery): Promise<Assessment> {
    const words = questionWords(input.question);
    const now = this.now();
    const window = narrowWindow(resolveTimeWindow(input.timeRange ?? DEFAULT_TIME_RANGE, now), questionTimeSpan(words.map((w) => w.word)), now);
    const limit = input.contextLimit ?? DEFAULT_CONTEXT_LIMIT;
    const projects = await this.store.listProjects(tenantId);
    const wanted = input.projectIds ? new Set(input.projectIds) : undefined;
    const searched = projects.filter((p) => !wanted || wanted.has(p.projectId));
    const filter: MilestoneFilter = { projectIds: searched.map((p) => p.projectId), until: window.until, ...(window.since ? { since: window.since } : {}) };
    if (input.contributorFilter) filter.agentIds = await this.contributors.resolveAgentIds(tenantId, input.contributorFilter);
    const who = input.contributorFilter ? [`for ${input.contributorFilter}`] : [];
    const empty = (projectsSearched: string[], phrase: string[]): Assessment => ({
      kind: 'no_match', window, projectsSearched, scope: scopeOf(phrase, window), windowTotal: 0, milestones: [], held: new Map(), ...noRelevance,
    });
    if (searched.length === 0) return empty([], who);
    const sample = await this.store.listMilestones(tenantId, filter, { limit: WINDOW_SAMPLE, offset: 0 });
    if (sample.total === 0) return empty(filter.projectIds!, who);

    const contributors = await this.contributors.list(tenantId);
    const mentions = findMentions(words, {
      projects: searched.map((p) => ({ projectId: p.projectId, name: p.name })),
      branches: unique(sample.milestones.map((m) => `${m.projectId}\u0000${m.branchName}`)).map((key) => {
        const [projectId, branchName] = key.split('\u0000') as [string, string];
        return { projectId, branchName };
      }),
      agentIds: unique([...sample.milestones.map((m) => m.agentId), ...contributors.flatMap((c) => c.agentIds)]),
      contributors,
    });
    const narrowed = narrow(filter, mentions);
    const scope = scopeOf([...who, ...phraseOf(mentions)], window);
    const inScope = (m: MilestoneRecord) => matchesFilter(m, narrowed);
    const scoped = narrowed === filter ? sample : await this.store.listMilestones(tenantId, narrowed, { limit: WINDOW_SAMPLE, offset: 0 });
    const base = { window, projectsSearched: narrowed.projectIds!, scope, windowTotal: scoped.total, held: heldBy(scoped.milestones) };
    if (scoped.total === 0) return { ...base, kind: 'no_match', milestones: [], ...noRelevance };

    const stems = new Map(sample.milestones.map((m) => [m.milestoneId, milestoneStems(m)]));
    const windowStems = [...stems.values()];
    const windowWords = new Set(sample.milestones.flatMap((m) => wordStemsOf(milestoneText(m))));
    const topic = topicWords(words, mentions.used, (stem) => windowWords.has(stem));
    if (topic.length === 0) return { ...base, kind: 'digest', milestones: scoped.milestones.slice(0, limit), ...noRelevance };

    const candidates = await this.candidates(tenantId, topic, narrowed, inScope, scoped.milestones, stems);
    const terms = topicTerms(topic, windowStems);
    const { score, assessed, relevant } = assessRelevance(terms, stems.size, candidates, limit);
    return {
      ...base,
      kind: relevant.length > 0 ? 'specific' : 'no_match',
      milestones: relevant.map((a) => a.milestone),
      assessed,
      relevanceInput: { terms, windowSize: stems.size, candidates, limit, score },
    };
  }

  /** Search hits for the topic words inside the narrowed window, and the window's milestones mentioning one of them. */
  private async candidates(
    tenantId: string,
    topic: QuestionWord[],
    filter: MilestoneFilter,
    inScope: (m: MilestoneRecord) => boolean,
    scoped: MilestoneRecord[],
    stems: Map<string, Set<string>>,
  ): Promise<Candidate[]> {
    const hits = await this.search.search({ tenantId, query: topic.map((w) => w.word).join(' '), projectIds: filter.projectIds!, limit: SEARCH_DEPTH });
    const found = await this.store.getMilestonesByIds(tenantId, hits.map((hit) => hit.milestoneId));
    const byId = new Map(found.map((m) => [m.milestoneId, m]));
    const stemsOf = (m: MilestoneRecord) => stems.get(m.milestoneId) ?? milestoneStems(m);
    const candidates = new Map<string, Candidate>();
    for (const hit of hits) {
      const milestone = byId.get(hit.milestoneId);
      if (milestone && inScope(milestone)) candidates.set(milestone.milestoneId, { milestone, stems: stemsOf(milestone), cosine: hit.cosine, score: hit.score });
    }
    const topicStems = topic.map((w) => stemOf(w.word));
    for (const milestone of scoped) {
      if (candidates.has(milestone.milestoneId)) continue;
      const own = stemsOf(milestone);
      if (topicStems.some((stem) => mentionsStem(own, stem))) {
        candidates.set(milestone.milestoneId, { milestone, stems: own, cosine: 0, score: 0 });
      }
    }
    return [...candidates.values()];
  }
}

/** The filter narrowed to what the question names (the same object when it names nothing). */
function narrow(filter: MilestoneFilter, mentions: Mentions): MilestoneFilter {
  if (!mentions.projectIds && !mentions.agentIds && !mentions.branchNames) return filter;
  const within = (have: string[] | undefined, named: string[] | undefined) =>
    named === undefined ? have : have === undefined ? named : have.filter((id) => named.includes(id));
  const narrowed: MilestoneFilter = { ...filter, projectIds: within(filter.projectIds, mentions.projectIds)! };
  const agentIds = within(filter.agentIds, mentions.agentIds);
  if (agentIds) narrowed.agentIds = agentIds;
  if (mentions.branchNames) narrowed.branchNames = mentions.branchNames;
  return narrowed;
}

function matchesFilter(m: MilestoneRecord, f: MilestoneFilter): boolean {
  return (
    (!f.projectIds || f.projectIds.includes(m.projectId)) &&
    (!f.agentIds || f.agentIds.includes(m.agentId)) &&
    (!f.branchNames || f.branchNames.includes(m.branchName)) &&
    (f.since === undefined || m.createdAt >= f.since) &&
    (f.until === undefined || m.createdAt <= f.until)
  );
}

function phraseOf(mentions: Mentions): string[] {
  const parts: string[] = [];
  if (mentions.who.length > 0) parts.push(`by ${mentions.who.join(' or ')}`);
  if (mentions.projectIds) parts.push(`in ${mentions.projectIds.join(' or ')}`);
  if (mentions.branchNames) parts.push(`on branch ${mentions.branchNames.join(' or ')}`);
  return parts;
}

function scopeOf(parts: string[], window: TimeWindow): AnswerScope {
  return { phrase: parts.map((p) => ` ${p}`).join(''), windowLabel: window.label };
}

function heldBy(milestones: MilestoneRecord[]): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>();
  for (const m of milestones) {
    if (!held.has(m.projectId)) held.set(m.projectId, new Set());
    held.get(m.projectId)!.add(m.branchName);
  }
  return held;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
