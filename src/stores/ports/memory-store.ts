// Ports for the memory API's durable state: projects, branches, milestones (with their lexical
// index and embeddings) and the OTA log. The domain creates ids and timestamps; every method that
// changes several rows does so atomically, and sequence numbers are assigned inside the store.

export type BranchStatus = 'active' | 'merged' | 'abandoned';
export type MilestoneKind = 'commit' | 'merge' | 'promote';
export type LogPhase = 'observation' | 'thought' | 'action';

export interface ProjectRecord {
  tenantId: string;
  projectId: string;
  name: string;
  roadmap: string;
  createdAt: string;
  updatedAt: string;
}

/** A project with the counts the API shows next to it. */
export interface ProjectSummary extends ProjectRecord {
  milestoneCount: number;
  activeBranches: string[];
}

export interface BranchRecord {
  tenantId: string;
  projectId: string;
  branchName: string;
  /** Null only for `main`. */
  parentBranch: string | null;
  purpose: string;
  status: BranchStatus;
  agentId: string | null;
  createdAt: string;
  abandonReason: string | null;
  /** The branch it was merged into, once merged. */
  mergedInto: string | null;
}

/** A milestone as the domain hands it to the store: everything but its sequence number. */
export interface MilestoneDraft {
  tenantId: string;
  milestoneId: string;
  projectId: string;
  branchName: string;
  branchPurpose: string;
  cumulativeProgress: string;
  thisContribution: string;
  /** Hex SHA-256 of (branchPurpose, cumulativeProgress, thisContribution); unique per branch. */
  contentHash: string;
  agentId: string;
  agentType: string;
  kind: MilestoneKind;
  createdAt: string;
}

export interface MilestoneRecord extends MilestoneDraft {
  /** 1, 2, 3... per branch, without gaps. */
  sequenceNumber: number;
}

export type AppendOutcome =
  /** created: a new milestone; duplicate: its content was on the branch; replayed: its idempotency key was used. */
  | { outcome: 'created' | 'duplicate' | 'replayed'; milestone: MilestoneRecord }
  | { outcome: 'project_missing' }
  | { outcome: 'branch_missing' }
  | { outcome: 'branch_closed'; status: BranchStatus };

export interface AppendMilestoneInput {
  milestone: MilestoneDraft;
  /** Created in the same transaction when the milestone's branch does not exist yet. */
  createBranch?: BranchRecord;
  /**
   * The client's `Idempotency-Key`, stored with the milestone and unique per tenant and project:
   * while a milestone holds it, an append with the same key returns that milestone and adds none
   * (whatever its branch or content, and even once its branch is closed).
   */
  idempotencyKey?: string;
}

export interface MergeInput {
  tenantId: string;
  projectId: string;
  sourceBranch: string;
  targetBranch: string;
  /** The merge milestone for the target branch (its branchName is the target). */
  milestone: MilestoneDraft;
}

export type MergeOutcome =
  | { outcome: 'merged'; milestone: MilestoneRecord; milestonesMerged: number }
  | { outcome: 'project_missing' }
  | { outcome: 'branch_missing'; branchName: string }
  | { outcome: 'branch_closed'; branchName: string; status: BranchStatus };

export interface LogEntryDraft {
  tenantId: string;
  entryId: string;
  projectId: string;
  branchName: string;
  agentId: string;
  phase: LogPhase;
  content: string;
  createdAt: string;
}

export interface LogEntryRecord extends LogEntryDraft {
  sequenceNumber: number;
}

export type AppendLogOutcome =
  | { outcome: 'created'; entry: LogEntryRecord }
  | { outcome: 'project_missing' }
  | { outcome: 'branch_missing' }
  | { outcome: 'branch_closed'; status: BranchStatus };

export interface Page {
  limit: number;
  offset: number;
}

/** Filters for listing milestones across a tenant's projects, newest first. */
export interface MilestoneFilter {
  projectIds?: string[];
  /** Branches of these names (in any of the projects). */
  branchNames?: string[];
  agentIds?: string[];
  /** Inclusive ISO bounds on createdAt. */
  since?: string;
  until?: string;
}

export interface LexicalHit {
  milestoneId: string;
  projectId: string;
  createdAt: string;
  /** Who stored it: search ranks a milestone higher when the query names its agent. */
  agentId: string;
  /**
   * Negated relevance, lower is better (SQLite's bm25(), PostgreSQL's -ts_rank). Search divides
   * it by the best hit's score, so it must be proportional to relevance, not only ordered.
   */
  score: number;
}

export interface EmbeddingRow {
  tenantId: string;
  projectId: string;
  milestoneId: string;
  createdAt: string;
  vector: Float32Array;
}

export interface AgentActivity {
  agentId: string;
  agentType: string;
  milestoneCount: number;
  lastActiveAt: string;
}

export interface ProjectStats {
  milestoneCount: number;
  logEntryCount: number;
  branchCounts: Record<BranchStatus, number>;
  firstMilestoneAt: string | null;
  lastMilestoneAt: string | null;
}

export interface MemoryStore {
  /** False when the tenant already has a project with this id; the main branch is created with it. */
  createProject(project: ProjectRecord, main: BranchRecord): Promise<boolean>;
  getProject(tenantId: string, projectId: string): Promise<ProjectSummary | undefined>;
  listProjects(tenantId: string): Promise<ProjectSummary[]>;
  updateRoadmap(tenantId: string, projectId: string, roadmap: string, updatedAt: string): Promise<boolean>;
  /** Deletes the project and everything under it; returns the removed milestone ids, or undefined. */
  deleteProject(tenantId: string, projectId: string): Promise<string[] | undefined>;

  /** False when the branch exists already. The project must exist. */
  createBranch(branch: BranchRecord): Promise<boolean>;
  getBranch(tenantId: string, projectId: string, branchName: string): Promise<BranchRecord | undefined>;
  listBranches(tenantId: string, projectId: string): Promise<BranchRecord[]>;
  /** Marks an active branch abandoned; false when it is not active (or missing). */
  abandonBranch(tenantId: string, projectId: string, branchName: string, reason: string): Promise<boolean>;

  /**
   * Appends a milestone, assigning the next sequence number of its branch atomically. A milestone
   * whose idempotency key or contentHash exists (the key in the project, the hash on the branch)
   * is not added: the existing one is returned, also when the same key arrives concurrently.
   */
  appendMilestone(input: AppendMilestoneInput): Promise<AppendOutcome>;
  /** Appends the merge milestone to the target and marks the source merged, atomically. */
  mergeBranch(input: MergeInput): Promise<MergeOutcome>;
  getMilestone(tenantId: string, projectId: string, milestoneId: string): Promise<MilestoneRecord | undefined>;
  /** Milestones of a tenant by id (any project); unknown ids are skipped. */
  getMilestonesByIds(tenantId: string, milestoneIds: string[]): Promise<MilestoneRecord[]>;
  /** A branch's milestones, highest sequence number first. */
  listBranchMilestones(tenantId: string, projectId: string, branchName: string, page: Page): Promise<MilestoneRecord[]>;
  /**
   * The branch's milestones numbered just below `sequenceNumber` (sequenceNumber-1, -2, ...), at
   * most `count`, highest first: the context search mixes into a milestone's vector.
   */
  listPrecedingMilestones(tenantId: string, projectId: string, branchName: string, sequenceNumber: number, count: number): Promise<MilestoneRecord[]>;
  /** Milestones across the tenant's projects, newest first, with the total matching the filter. */
  listMilestones(tenantId: string, filter: MilestoneFilter, page: Page): Promise<{ milestones: MilestoneRecord[]; total: number }>;
  projectStats(tenantId: string, projectId: string): Promise<ProjectStats>;
  listAgents(tenantId: string, projectId: string): Promise<AgentActivity[]>;

  /**
   * BM25-ranked milestones matching any term of a free-text query, best first. The index covers
   * branchPurpose, cumulativeProgress and thisContribution (weight 1 each) and the milestone's
   * context, the thisContribution of the branch's previous two milestones (weight
   * CONTEXT_COLUMN_WEIGHT of ./lexical-ranking.ts), set when it is appended.
   */
  searchLexical(tenantId: string, query: string, options: { projectIds?: string[]; limit: number }): Promise<LexicalHit[]>;
  putEmbedding(tenantId: string, milestoneId: string, embedderId: string, vector: Float32Array): Promise<void>;
  /** Every stored embedding from this embedder, for rebuilding the in-memory index at start. */
  listEmbeddings(embedderId: string): Promise<EmbeddingRow[]>;
  /** Milestones with no embedding from this embedder (e.g. the embedder was down or changed). */
  listUnembedded(embedderId: string, limit: number): Promise<MilestoneRecord[]>;

  /** Appends a log entry with the next sequence number of its branch's log. */
  appendLogEntry(entry: LogEntryDraft, createBranch?: BranchRecord): Promise<AppendLogOutcome>;
  /** A branch's log, newest first. */
  listLogEntries(tenantId: string, projectId: string, branchName: string, page: Page): Promise<LogEntryRecord[]>;
}
