// The Memory API's request and response shapes as the SDK sees them (SPEC section 3). Fields the
// gateway adds beyond the SPEC are kept through index signatures rather than dropped.

export type BranchStatus = 'active' | 'merged' | 'abandoned';
export type LogPhase = 'observation' | 'thought' | 'action';
export type RecallView = 'overview' | 'branch' | 'milestone' | 'log' | 'metadata';
export type MetadataSegment = 'roadmap' | 'branches' | 'stats' | 'agents';

export interface Project {
  projectId: string;
  tenantId: string;
  name: string;
  roadmap: string;
  milestoneCount: number;
  activeBranches: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CreateProjectInput {
  /** 1-128 characters, unique in the tenant. */
  projectId: string;
  /** 1-256 characters. */
  name: string;
  /** At most 10,000 characters. */
  roadmap?: string;
}

export interface Milestone {
  milestoneId: string;
  projectId: string;
  branchName: string;
  branchPurpose: string;
  cumulativeProgress: string;
  thisContribution: string;
  contentHash: string;
  sequenceNumber: number;
  agentId: string;
  agentType: string;
  createdAt: string;
  [extra: string]: unknown;
}

export interface StoreMilestoneInput {
  /** Default `main`; a branch that does not exist yet is created from `main`. */
  branchName?: string;
  branchPurpose?: string;
  cumulativeProgress?: string;
  /** 1-10,000 characters: what this step did. */
  thisContribution: string;
  agentId: string;
  /** Default `custom`. */
  agentType?: string;
}

export interface Branch {
  projectId: string;
  branchName: string;
  parentBranch: string | null;
  purpose: string;
  status: BranchStatus;
  agentId: string | null;
  createdAt: string;
  abandonReason: string | null;
  [extra: string]: unknown;
}

export interface CreateBranchInput {
  branchName: string;
  /** Default `main`. */
  parentBranch?: string;
  purpose?: string;
  agentId?: string;
}

export interface LogEntry {
  entryId: string;
  projectId: string;
  branchName: string;
  agentId: string;
  phase: LogPhase;
  sequenceNumber: number;
  content?: string;
  createdAt: string;
}

export interface LogInput {
  /** Default `main`. */
  branchName?: string;
  agentId: string;
  phase: LogPhase;
  /** 1-50,000 characters. */
  content: string;
}

export interface RecallQuery {
  /** Default `overview`. */
  view?: RecallView;
  /** Default `main`. */
  branch?: string;
  milestoneId?: string;
  segment?: MetadataSegment;
  limit?: number;
  offset?: number;
}

export interface RecallResponse {
  project: Project;
  view: RecallView;
  milestones?: Milestone[];
  logEntries?: LogEntry[];
  branches?: Branch[];
  [extra: string]: unknown;
}

export interface MergeInput {
  sourceBranch: string;
  /** Default `main`. */
  targetBranch?: string;
  mergeSummary: string;
  agentId: string;
}

export interface MergeResult {
  merged: true;
  milestonesMerged: number;
  mergeMilestoneId: string;
  sourceBranchStatus: 'merged';
  [extra: string]: unknown;
}

export interface SearchInput {
  /** 1-500 characters; matched by meaning as well as by words. */
  query: string;
  /** Search one project (POST /projects/{id}/search); omit to search the whole tenant. */
  projectId?: string;
  /** Restrict a tenant-wide search to these projects. */
  projectIds?: string[];
  /** Per project 1-100 (default 20); tenant-wide 1-200 (default 50). */
  limit?: number;
}

export interface SearchResponse {
  milestones: Milestone[];
  query: string;
  count: number;
}

export interface IntelligenceQuery {
  /** At most 2,000 characters. */
  question: string;
  projectIds?: string[];
  /** A contributor id or display name. */
  contributorFilter?: string;
  /** `1d|7d|14d|30d|90d|all` or `Nh|Nd|Nw`; default `30d`. */
  timeRange?: string;
  /** 1-200 milestones used as context; default 50. */
  contextLimit?: number;
}

export interface IntelligenceSource {
  milestoneId: string;
  projectId: string;
  branchName: string;
  excerpt: string;
  createdAt: string;
}

export interface IntelligenceAnswer {
  answer: string;
  sources: IntelligenceSource[];
  question: string;
  projectsSearched: string[];
  /**
   * `specific`: answered from the milestones that match the question, best match first;
   * `digest`: the window's activity by project and branch; `no_match`: nothing in the window
   * matches (no sources).
   */
  answerKind?: 'specific' | 'digest' | 'no_match';
  /** `llm` when the configured model wrote the answer, else `extractive`. */
  answeredBy?: 'llm' | 'extractive';
  [extra: string]: unknown;
}

/** One server-sent event of POST /intelligence/query/stream, its data parsed as JSON when it is. */
export interface StreamEvent {
  event: string | undefined;
  data: unknown;
}

export interface Contributor {
  contributorId: string;
  displayName: string;
  agentIds: string[];
  role?: string | null;
  createdAt?: string;
  updatedAt?: string;
  [extra: string]: unknown;
}

export interface UpsertContributorInput {
  contributorId: string;
  displayName: string;
  agentIds: string[];
  role?: string;
}

export interface ContributorActivity {
  contributor: Contributor;
  milestones: Milestone[];
  totalMilestones: number;
}

export interface SessionMetricsInput {
  sessionId: string;
  agentId: string;
  milestonesRecalled: number;
  toolCallsTotal: number;
  sessionDurationSecs: number;
  startedAt: string;
  endedAt: string;
  [counter: string]: unknown;
}

/** Sessions with recall compared with sessions without (GET /projects/{id}/metrics/summary). */
export type SessionMetricsSummary = Record<string, unknown>;

export interface PromoteInput {
  cacheEntryId: string;
  branchName?: string;
  branchPurpose?: string;
  agentId?: string;
}

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
