// Request and response shapes of the intelligence query.

export interface IntelligenceQuery {
  question: string;
  projectIds?: string[];
  /** A contributor id or display name (expanded to their agent ids), else an agent id. */
  contributorFilter?: string;
  timeRange?: string;
  contextLimit?: number;
}

export interface IntelligenceSource {
  milestoneId: string;
  projectId: string;
  branchName: string;
  /** Verbatim text from the milestone. */
  excerpt: string;
  createdAt: string;
}

/**
 * What the answer is: from the milestones that match a specific question (best match first), a
 * digest of the window's activity, or "nothing in the window matches" (no sources).
 */
export type AnswerKind = 'specific' | 'digest' | 'no_match';

export interface IntelligenceAnswer {
  answer: string;
  sources: IntelligenceSource[];
  question: string;
  projectsSearched: string[];
  answerKind: AnswerKind;
  /** Who wrote the answer: the configured LLM, or the extractive summary. */
  answeredBy: 'llm' | 'extractive';
  timeRange: { since: string | null; until: string };
}
