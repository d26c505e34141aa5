// The Memory API's request and response shapes as the SDK sees them, derived from the very schemas
// the gateway validates and serializes with (src/http/contract/memory/). The imports are type-only:
// they vanish from the compiled SDK, which loads no server code at run time.
import type { Static } from 'typebox';
import type {
  CreateBranchBody,
  CreateProjectBody,
  IntelligenceBody,
  LogBody,
  MergeBody,
  MetricsBody,
  PromoteBody,
  RecallQuery as RecallQuerySchema,
  SearchBody,
  StoreBody,
  ContributorBody,
} from '../http/contract/memory/memory-requests.js';
import type {
  BranchShape,
  ContributorActivityShape,
  ContributorShape,
  FoundMilestoneShape,
  IntelligenceAnswerShape,
  IntelligenceModelsShape,
  IntelligenceSourceShape,
  LogEntryShape,
  MergeResultShape,
  MilestoneShape,
  ProjectShape,
  PromoteResultShape,
  RecallShape,
  SearchResultShape,
} from '../http/contract/memory/memory-shapes.js';
import type { RecordedSessionShape, SessionSummaryShape } from '../http/contract/memory/session-metrics-shapes.js';

export type Project = Static<typeof ProjectShape>;
export type CreateProjectInput = Static<typeof CreateProjectBody>;

export type Milestone = Static<typeof MilestoneShape>;
export type StoreMilestoneInput = Static<typeof StoreBody>;

export type Branch = Static<typeof BranchShape>;
export type BranchStatus = Branch['status'];
export type CreateBranchInput = Static<typeof CreateBranchBody>;

export type LogEntry = Static<typeof LogEntryShape>;
export type LogPhase = LogEntry['phase'];
export type LogInput = Static<typeof LogBody>;

export type RecallQuery = Static<typeof RecallQuerySchema>;
export type RecallView = NonNullable<RecallQuery['view']>;
export type MetadataSegment = NonNullable<RecallQuery['segment']>;
export type RecallResponse = Static<typeof RecallShape>;

export type MergeInput = Static<typeof MergeBody>;
export type MergeResult = Static<typeof MergeResultShape>;

export type SearchInput = Static<typeof SearchBody> & {
  /** Search one project (POST /projects/{id}/search, limit 1-100, default 20); omit to search the whole tenant. */
  projectId?: string;
};
export type FoundMilestone = Static<typeof FoundMilestoneShape>;
export type SearchResponse = Static<typeof SearchResultShape>;

export type IntelligenceQuery = Static<typeof IntelligenceBody>;
export type IntelligenceSource = Static<typeof IntelligenceSourceShape>;
export type IntelligenceAnswer = Static<typeof IntelligenceAnswerShape>;
export type IntelligenceModels = Static<typeof IntelligenceModelsShape>;

/** One server-sent event of POST /intelligence/query/stream, its data parsed as JSON when it is. */
export interface StreamEvent {
  event: string | undefined;
  data: unknown;
}

export type Contributor = Static<typeof ContributorShape>;
export type UpsertContributorInput = Static<typeof ContributorBody>;
export type ContributorActivity = Static<typeof ContributorActivityShape>;

export type SessionMetricsInput = Static<typeof MetricsBody>;
export type RecordedSession = Static<typeof RecordedSessionShape>;
/** Sessions with memory compared with sessions without (GET /projects/{id}/metrics/summary). */
export type SessionMetricsSummary = Static<typeof SessionSummaryShape>;

export type PromoteInput = Static<typeof PromoteBody>;
export type PromoteResult = Static<typeof PromoteResultShape>;

/** An OpenAI chat completion request as the gateway's proxy accepts it. */
export interface ChatCompletionRequest {
  model: string;
  messages: Array<{ role: string; content: string | null; [extra: string]: unknown }>;
  [extra: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  model: string;
  choices: Array<{ index: number; message: { role: string; content: string | null }; finish_reason: string | null }>;
  [extra: string]: unknown;
}
