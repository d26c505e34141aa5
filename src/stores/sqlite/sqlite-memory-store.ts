// MemoryStore on SQLite. Every multi-row change runs in one IMMEDIATE transaction, so the
// max+1 sequence number, the FTS5 index row (with its context from the branch's previous
// milestones) and the branch updates land together or not at all, also with several processes on
// one file. Reads are in sqlite-milestone-queries.ts.
import type {
  AppendLogOutcome,
  AppendMilestoneInput,
  AppendOutcome,
  BranchRecord,
  LogEntryDraft,
  LogEntryRecord,
  MemoryStore,
  MergeInput,
  MergeOutcome,
  MilestoneDraft,
  MilestoneFilter,
  MilestoneRecord,
  Page,
  ProjectRecord,
  ProjectSummary,
} from '../ports/memory-store.js';
import type { SqliteDatabase } from './database.js';
import { searchScopeOf } from './fts-query.js';
import { SqliteMilestoneQueries } from './sqlite-milestone-queries.js';
import {
  branchParams,
  toBranch,
  toLogEntry,
  toMilestone,
  toProject,
  vectorToBlob,
  type BranchRow,
  type LogRow,
  type MilestoneRow,
  type ProjectRow,
} from './sqlite-memory-rows.js';

const PROJECT_SELECT = `SELECT p.*,
  (SELECT count(*) FROM memory_milestones m WHERE m.tenant_id = p.tenant_id AND m.project_id = p.project_id) AS milestone_count,
  (SELECT json_group_array(branch_name) FROM (SELECT branch_name FROM memory_branches b
     WHERE b.tenant_id = p.tenant_id AND b.project_id = p.project_id AND b.status = 'active'
     ORDER BY b.created_at, b.branch_name)) AS active_branches
  FROM memory_projects p`;

const FTS_COLUMNS = 'branch_purpose, cumulative_progress, this_contribution, search_context, search_scope';
/** How many earlier milestones of the branch make up a milestone's search context. */
const CONTEXT_MILESTONES = 2;

export class SqliteMemoryStore implements MemoryStore {
  private readonly queries: SqliteMilestoneQueries;
  private readonly s;

  constructor(private readonly db: SqliteDatabase) {
    this.queries = new SqliteMilestoneQueries(db);
    this.s = {
      projectExists: db.prepare('SELECT 1 FROM memory_projects WHERE tenant_id = ? AND project_id = ?').pluck(),
      insertProject: db.prepare(`INSERT INTO memory_projects (tenant_id, project_id, name, roadmap, created_at, updated_at)
        VALUES (@tenantId, @projectId, @name, @roadmap, @createdAt, @updatedAt) ON CONFLICT DO NOTHING`),
      getProject: db.prepare(`${PROJECT_SELECT} WHERE p.tenant_id = ? AND p.project_id = ?`),
      listProjects: db.prepare(`${PROJECT_SELECT} WHERE p.tenant_id = ? ORDER BY p.created_at, p.project_id`),
      roadmap: db.prepare('UPDATE memory_projects SET roadmap = ?, updated_at = ? WHERE tenant_id = ? AND project_id = ?'),
      touch: db.prepare('UPDATE memory_projects SET updated_at = max(updated_at, ?) WHERE tenant_id = ? AND project_id = ?'),
      projectMilestoneIds: db.prepare('SELECT milestone_id FROM memory_milestones WHERE tenant_id = ? AND project_id = ?').pluck(),
      unindexProject: db.prepare(`INSERT INTO memory_milestone_fts (memory_milestone_fts, rowid, ${FTS_COLUMNS})
        SELECT 'delete', id, ${FTS_COLUMNS} FROM memory_milestones WHERE tenant_id = ? AND project_id = ?`),
      deleteProject: db.prepare('DELETE FROM memory_projects WHERE tenant_id = ? AND project_id = ?'),
      insertBranch: db.prepare(`INSERT INTO memory_branches (tenant_id, project_id, branch_name, parent_branch, purpose,
          status, agent_id, created_at, abandon_reason, merged_into)
        VALUES (@tenantId, @projectId, @branchName, @parentBranch, @purpose, @status, @agentId, @createdAt,
          @abandonReason, @mergedInto) ON CONFLICT DO NOTHING`),
      getBranch: db.prepare('SELECT * FROM memory_branches WHERE tenant_id = ? AND project_id = ? AND branch_name = ?'),
      listBranches: db.prepare('SELECT * FROM memory_branches WHERE tenant_id = ? AND project_id = ? ORDER BY created_at, branch_name'),
      abandon: db.prepare(`UPDATE memory_branches SET status = 'abandoned', abandon_reason = ?
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ? AND status = 'active'`),
      markMerged: db.prepare(`UPDATE memory_branches SET status = 'merged', merged_into = ?
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ? AND status = 'active'`),
      // The unary + keeps the planner on the hash index; ordering by the (branch, sequence) index
      // instead would walk the whole branch on every store.
      byHash: db.prepare(`SELECT * FROM memory_milestones
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ? AND content_hash = ? ORDER BY +sequence_number LIMIT 1`),
      byIdempotencyKey: db.prepare('SELECT * FROM memory_milestones WHERE tenant_id = ? AND project_id = ? AND idempotency_key = ?'),
      nextSequence: db.prepare(`SELECT coalesce(max(sequence_number), 0) + 1 FROM memory_milestones
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ?`).pluck(),
      countBranch: db.prepare(`SELECT count(*) FROM memory_milestones
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ?`).pluck(),
      precedingContributions: db.prepare(`SELECT this_contribution FROM memory_milestones
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ? AND sequence_number < ?
        ORDER BY sequence_number DESC LIMIT ?`).pluck(),
      insertMilestone: db.prepare(`INSERT INTO memory_milestones (milestone_id, tenant_id, project_id, branch_name,
          branch_purpose, cumulative_progress, this_contribution, content_hash, sequence_number, agent_id, agent_type, kind,
          created_at, search_context, search_scope, idempotency_key)
        VALUES (@milestoneId, @tenantId, @projectId, @branchName, @branchPurpose, @cumulativeProgress, @thisContribution,
          @contentHash, @sequenceNumber, @agentId, @agentType, @kind, @createdAt, @searchContext, @searchScope, @idempotencyKey)`),
      indexMilestone: db.prepare(`INSERT INTO memory_milestone_fts (rowid, ${FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`),
      getMilestone: db.prepare('SELECT * FROM memory_milestones WHERE tenant_id = ? AND project_id = ? AND milestone_id = ?'),
      putEmbedding: db.prepare(`INSERT INTO memory_milestone_embeddings (milestone_id, embedder_id, vector)
        SELECT milestone_id, ?, ? FROM memory_milestones WHERE tenant_id = ? AND milestone_id = ?
        ON CONFLICT (milestone_id) DO UPDATE SET embedder_id = excluded.embedder_id, vector = excluded.vector`),
      nextLogSequence: db.prepare(`SELECT coalesce(max(sequence_number), 0) + 1 FROM memory_log_entries
        WHERE tenant_id = ? AND project_id = ? AND branch_name = ?`).pluck(),
      insertLog: db.prepare(`INSERT INTO memory_log_entries (entry_id, tenant_id, project_id, branch_name, agent_id, phase,
          content, sequence_number, created_at)
        VALUES (@entryId, @tenantId, @projectId, @branchName, @agentId, @phase, @content, @sequenceNumber, @createdAt)`),
      listLog: db.prepare(`SELECT * FROM memory_log_entries WHERE tenant_id = ? AND project_id = ? AND branch_name = ?
        ORDER BY sequence_number DESC LIMIT ? OFFSET ?`),
    };
  }

  async createProject(project: ProjectRecord, main: BranchRecord): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.insertProject.run(project).changes === 0) return false;
      this.s.insertBranch.run(branchParams(main));
      return true;
    }).immediate();
  }

  async getProject(tenantId: string, projectId: string): Promise<ProjectSummary | undefined> {
    const row = this.s.getProject.get(tenantId, projectId) as ProjectRow | undefined;
    return row && toProject(row);
  }

  async listProjects(tenantId: string): Promise<ProjectSummary[]> {
    return (this.s.listProjects.all(tenantId) as ProjectRow[]).map(toProject);
  }

  async updateRoadmap(tenantId: string, projectId: string, roadmap: string, updatedAt: string): Promise<boolean> {
    return this.s.roadmap.run(roadmap, updatedAt, tenantId, projectId).changes > 0;
  }

  async deleteProject(tenantId: string, projectId: string): Promise<string[] | undefined> {
    return this.db.transaction(() => {
      if (!this.s.projectExists.get(tenantId, projectId)) return undefined;
      const ids = this.s.projectMilestoneIds.all(tenantId, projectId) as string[];
      this.s.unindexProject.run(tenantId, projectId);
      this.s.deleteProject.run(tenantId, projectId); // branches, milestones, embeddings, log and sessions cascade
      return ids;
    }).immediate();
  }

  async createBranch(branch: BranchRecord): Promise<boolean> {
    return this.s.insertBranch.run(branchParams(branch)).changes > 0;
  }

  async getBranch(tenantId: string, projectId: string, branchName: string): Promise<BranchRecord | undefined> {
    const row = this.s.getBranch.get(tenantId, projectId, branchName) as BranchRow | undefined;
    return row && toBranch(row);
  }

  async listBranches(tenantId: string, projectId: string): Promise<BranchRecord[]> {
    return (this.s.listBranches.all(tenantId, projectId) as BranchRow[]).map(toBranch);
  }

  async abandonBranch(tenantId: string, projectId: string, branchName: string, reason: string): Promise<boolean> {
    return this.s.abandon.run(reason, tenantId, projectId, branchName).changes > 0;
  }

  async appendMilestone(input: AppendMilestoneInput): Promise<AppendOutcome> {
    const { milestone } = input;
    return this.db.transaction((): AppendOutcome => {
      // The write transaction serializes appends (across processes too), so looking the key up first is race-free.
      const { idempotencyKey = null } = input;
      const replayed = idempotencyKey === null
        ? undefined
        : (this.s.byIdempotencyKey.get(milestone.tenantId, milestone.projectId, idempotencyKey) as MilestoneRow | undefined);
      if (replayed) return { outcome: 'replayed', milestone: toMilestone(replayed) };
      const opened = this.openBranch(milestone.tenantId, milestone.projectId, milestone.branchName, input.createBranch);
      if (opened) return opened;
      const existing = this.s.byHash.get(
        milestone.tenantId, milestone.projectId, milestone.branchName, milestone.contentHash,
      ) as MilestoneRow | undefined;
      if (existing) return { outcome: 'duplicate', milestone: toMilestone(existing) };
      return { outcome: 'created', milestone: this.insertMilestone(milestone, idempotencyKey) };
    }).immediate();
  }

  async mergeBranch(input: MergeInput): Promise<MergeOutcome> {
    const { tenantId, projectId } = input;
    return this.db.transaction((): MergeOutcome => {
      if (!this.s.projectExists.get(tenantId, projectId)) return { outcome: 'project_missing' };
      for (const name of [input.sourceBranch, input.targetBranch]) {
        const row = this.s.getBranch.get(tenantId, projectId, name) as BranchRow | undefined;
        if (!row) return { outcome: 'branch_missing', branchName: name };
        if (row.status !== 'active') return { outcome: 'branch_closed', branchName: name, status: row.status };
      }
      const milestonesMerged = this.s.countBranch.get(tenantId, projectId, input.sourceBranch) as number;
      const milestone = this.insertMilestone({ ...input.milestone, branchName: input.targetBranch }, null);
      this.s.markMerged.run(input.targetBranch, tenantId, projectId, input.sourceBranch);
      return { outcome: 'merged', milestone, milestonesMerged };
    }).immediate();
  }

  async getMilestone(tenantId: string, projectId: string, milestoneId: string): Promise<MilestoneRecord | undefined> {
    const row = this.s.getMilestone.get(tenantId, projectId, milestoneId) as MilestoneRow | undefined;
    return row && toMilestone(row);
  }

  async getMilestonesByIds(tenantId: string, milestoneIds: string[]): Promise<MilestoneRecord[]> {
    return this.queries.getByIds(tenantId, milestoneIds);
  }

  async listBranchMilestones(tenantId: string, projectId: string, branchName: string, page: Page): Promise<MilestoneRecord[]> {
    return this.queries.listBranch(tenantId, projectId, branchName, page);
  }

  async listPrecedingMilestones(tenantId: string, projectId: string, branchName: string, sequenceNumber: number, count: number) {
    return this.queries.listPreceding(tenantId, projectId, branchName, sequenceNumber, count);
  }

  async listMilestones(tenantId: string, filter: MilestoneFilter, page: Page) {
    return this.queries.list(tenantId, filter, page);
  }

  async projectStats(tenantId: string, projectId: string) {
    return this.queries.stats(tenantId, projectId);
  }

  async listAgents(tenantId: string, projectId: string) {
    return this.queries.listAgents(tenantId, projectId);
  }

  async searchLexical(tenantId: string, query: string, options: { projectIds?: string[]; limit: number }) {
    return this.queries.searchLexical(tenantId, query, options);
  }

  async putEmbedding(tenantId: string, milestoneId: string, embedderId: string, vector: Float32Array): Promise<void> {
    this.s.putEmbedding.run(embedderId, vectorToBlob(vector), tenantId, milestoneId);
  }

  async listEmbeddings(embedderId: string) {
    return this.queries.listEmbeddings(embedderId);
  }

  async listUnembedded(embedderId: string, limit: number) {
    return this.queries.listUnembedded(embedderId, limit);
  }

  async appendLogEntry(entry: LogEntryDraft, createBranch?: BranchRecord): Promise<AppendLogOutcome> {
    return this.db.transaction((): AppendLogOutcome => {
      const opened = this.openBranch(entry.tenantId, entry.projectId, entry.branchName, createBranch);
      if (opened) return opened;
      const sequenceNumber = this.s.nextLogSequence.get(entry.tenantId, entry.projectId, entry.branchName) as number;
      const record: LogEntryRecord = { ...entry, sequenceNumber };
      this.s.insertLog.run(record);
      return { outcome: 'created', entry: record };
    }).immediate();
  }

  async listLogEntries(tenantId: string, projectId: string, branchName: string, page: Page): Promise<LogEntryRecord[]> {
    return (this.s.listLog.all(tenantId, projectId, branchName, page.limit, page.offset) as LogRow[]).map(toLogEntry);
  }

  /** Inside a transaction: ensures the branch exists and is active; returns why not otherwise. */
  private openBranch(
    tenantId: string,
    projectId: string,
    branchName: string,
    createBranch: BranchRecord | undefined,
  ): { outcome: 'project_missing' } | { outcome: 'branch_missing' } | { outcome: 'branch_closed'; status: BranchRecord['status'] } | undefined {
    if (!this.s.projectExists.get(tenantId, projectId)) return { outcome: 'project_missing' };
    const row = this.s.getBranch.get(tenantId, projectId, branchName) as BranchRow | undefined;
    if (!row) {
      if (!createBranch) return { outcome: 'branch_missing' };
      this.s.insertBranch.run(branchParams(createBranch));
      return undefined;
    }
    return row.status === 'active' ? undefined : { outcome: 'branch_closed', status: row.status };
  }

  /**
   * Inside a transaction: assigns the next sequence number, inserts and indexes the milestone with
   * the thisContribution of the branch's previous milestones as its search context.
   */
  private insertMilestone(draft: MilestoneDraft, idempotencyKey: string | null): MilestoneRecord {
    const { tenantId, projectId, branchName } = draft;
    const sequenceNumber = this.s.nextSequence.get(tenantId, projectId, branchName) as number;
    const record: MilestoneRecord = { ...draft, sequenceNumber };
    const previous = this.s.precedingContributions.all(tenantId, projectId, branchName, sequenceNumber, CONTEXT_MILESTONES) as string[];
    const searchContext = previous.join('\n');
    const searchScope = searchScopeOf(tenantId, projectId);
    const { lastInsertRowid } = this.s.insertMilestone.run({ ...record, searchContext, searchScope, idempotencyKey });
    this.s.indexMilestone.run(lastInsertRowid, draft.branchPurpose, draft.cumulativeProgress, draft.thisContribution, searchContext, searchScope);
    this.s.touch.run(draft.createdAt, draft.tenantId, draft.projectId);
    return record;
  }
}
