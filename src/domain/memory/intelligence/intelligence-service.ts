// Intelligence query: the assessment decides the kind of answer and its milestones (question-
// assessment.ts); the answer is then written from them by the configured LLM with citations,
// else (or when that fails) extractively. Nothing matching is answered plainly, never by the LLM.
import type { MilestoneRecord } from '../../../stores/ports/memory-store.js';
import type { Logger } from '../../logger.js';
import { excerptOf } from './excerpt.js';
import { digestAnswer, noActivityAnswer, noMatchAnswer, specificAnswer } from './extractive-answer.js';
import type { IntelligenceAnswer, IntelligenceQuery, IntelligenceSource } from './intelligence-types.js';
import { acceptCitedAnswer, buildAnswerMessages, type ChatAnswerer } from './llm-answer.js';
import type { Assessment, QuestionAssessor } from './question-assessment.js';

export { DEFAULT_CONTEXT_LIMIT, DEFAULT_TIME_RANGE } from './question-assessment.js';

export class IntelligenceService {
  constructor(
    private readonly assessor: QuestionAssessor,
    private readonly answerer: ChatAnswerer | undefined,
    private readonly logger: Logger,
    /** The model name the answerer calls, when one is configured. */
    private readonly answererModel: string | undefined,
  ) {}

  /** What can write an answer: the configured LLM (the default when set) and the extractive summary (always). */
  models(): Array<{ id: string; kind: 'llm' | 'extractive'; default: boolean; description: string }> {
    const llm = this.answerer && this.answererModel ? this.answererModel : undefined;
    const extractive = {
      id: 'extractive',
      kind: 'extractive' as const,
      default: llm === undefined,
      description: llm
        ? 'Built-in: quotes and orders the matching milestones; used when the LLM fails or cites no source.'
        : 'Built-in: quotes and orders the matching milestones (no LLM is configured: SYNAPSE_INTELLIGENCE_MODEL).',
    };
    if (!llm) return [extractive];
    return [{ id: llm, kind: 'llm', default: true, description: 'The configured LLM (SYNAPSE_INTELLIGENCE_MODEL), called through the gateway; it must cite the sources.' }, extractive];
  }

  /** What the question gets and from which milestones, before any answer is written. */
  assess(tenantId: string, input: IntelligenceQuery): Promise<Assessment> {
    return this.assessor.assess(tenantId, input);
  }

  async query(tenantId: string, input: IntelligenceQuery): Promise<IntelligenceAnswer> {
    const assessment = await this.assess(tenantId, input);
    const { kind, window, scope, windowTotal } = assessment;
    const base = {
      question: input.question,
      projectsSearched: assessment.projectsSearched,
      answerKind: kind,
      timeRange: { since: window.since ?? null, until: window.until },
    };
    if (kind === 'no_match') {
      const answer = windowTotal === 0 ? noActivityAnswer(scope) : noMatchAnswer(windowTotal, assessment.held, scope);
      return { ...base, answer, sources: [], answeredBy: 'extractive' };
    }
    const ordered = kind === 'digest' ? orderForCitation(assessment.milestones) : assessment.milestones;
    const sources = ordered.map(toSource);
    const written = await this.writeWithLlm(tenantId, input.question, sources, assessment);
    if (written) return { ...base, answer: written, sources, answeredBy: 'llm' };
    const answer = kind === 'digest' ? digestAnswer(sources, windowTotal, scope) : specificAnswer(sources, windowTotal, scope);
    return { ...base, answer, sources, answeredBy: 'extractive' };
  }

  private async writeWithLlm(tenantId: string, question: string, sources: IntelligenceSource[], assessment: Assessment): Promise<string | undefined> {
    if (!this.answerer || assessment.kind === 'no_match') return undefined;
    try {
      const reply = await this.answerer(tenantId, buildAnswerMessages(question, sources, assessment.window.label, assessment.kind));
      const accepted = acceptCitedAnswer(reply, sources.length);
      if (!accepted) this.logger.warn({ sources: sources.length }, 'intelligence: the LLM answer cited no valid source; answering extractively');
      return accepted;
    } catch (error) {
      this.logger.warn({ err: error }, 'intelligence: the LLM call failed; answering extractively');
      return undefined;
    }
  }
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
