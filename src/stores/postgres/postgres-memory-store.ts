// MemoryStore on PostgreSQL, safe with many gateway instances on one database. Every write that
// numbers something first locks its branch row (FOR UPDATE), so appends to a branch run one at a
// time whichever instance they come from: max+1 sequence numbers stay gap-free, unique indexes back
// that up, and merges, abandons and project deletes wait for the appends in flight or refuse later
// ones. Lock order and the append steps are in milestone-append.ts; reads in postgres-milestone-queries.ts.
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
  MilestoneFilter,
  MilestoneRecord,
  Page,
  ProjectRecord,
  ProjectSummary,
} from '../ports/memory-store.js';
import { BRANCH_COLUMNS, LOG_COLUMNS, PROJECT_SELECT, milestoneColumns, vectorToBytes } from './memory-columns.js';
import { findByIdempotencyKey, insertBranch, insertMilestone, lockBranches, lockProject, openBranch, readBranchTail } from './milestone-append.js';
import type { PostgresDatabase } from './postgres-database.js';
import { PostgresMilestoneQueries } from './postgres-milestone-queries.js';

const BRANCH_KEY = 'tenant_id = $1 AND project_id = $2 AND branch_name = $3';

export class PostgresMemoryStore implements MemoryStore {
  private readonly queries: PostgresMilestoneQueries;

  constructor(private readonly db: PostgresDatabase) {
    this.queries = new PostgresMilestoneQueries(db);
  }

  async createProject(project: ProjectRecord, main: BranchRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.run(
        `INSERT INTO memory_projects (tenant_id, project_id, name, roadmap, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [project.tenantId, project.projectId, project.name, project.roadmap, project.createdAt, project.updatedAt],
      );
      if (inserted === 0) return false;
      await insertBranch(tx, main);
      return true;
    });
  }

  async getProject(tenantId: string, projectId: string): Promise<ProjectSummary | undefined> {
    const [row] = await this.db.rows<ProjectSummary>(`${PROJECT_SELECT} WHERE p.tenant_id = $1 AND p.project_id = $2`, [tenantId, projectId]);
    return row;
  }

  async listProjects(tenantId: string): Promise<ProjectSummary[]> {
    return this.db.rows<ProjectSummary>(`${PROJECT_SELECT} WHERE p.tenant_id = $1 ORDER BY p.created_at, p.project_id`, [tenantId]);
  }

  async updateRoadmap(tenantId: string, projectId: string, roadmap: string, updatedAt: string): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE memory_projects SET roadmap = $3, updated_at = $4 WHERE tenant_id = $1 AND project_id = $2',
      [tenantId, projectId, roadmap, updatedAt],
    );
    return changed > 0;
  }

  async deleteProject(tenantId: string, projectId: string): Promise<string[] | undefined> {
    return this.db.transaction(async (tx) => {
      const [found] = await tx.rows('SELECT 1 FROM memory_projects WHERE tenant_id = $1 AND project_id = $2 FOR UPDATE', [tenantId, projectId]);
      if (!found) return undefined;
      // Waits for the writes in flight on every branch, so the ids below are all that will be removed.
      await tx.rows(
        'SELECT 1 FROM memory_branches WHERE tenant_id = $1 AND project_id = $2 ORDER BY branch_name FOR UPDATE',
        [tenantId, projectId],
      );
      const ids = await tx.rows<{ milestone_id: string }>(
        'SELECT milestone_id FROM memory_milestones WHERE tenant_id = $1 AND project_id = $2 ORDER BY id',
        [tenantId, projectId],
      );
      // Branches, milestones (with their lexical index), embeddings, log and sessions cascade.
      await tx.run('DELETE FROM memory_projects WHERE tenant_id = $1 AND project_id = $2', [tenantId, projectId]);
      return ids.map((row) => row.milestone_id);
    });
  }

  async createBranch(branch: BranchRecord): Promise<boolean> {
    return (await insertBranch(this.db, branch)) > 0;
  }

  async getBranch(tenantId: string, projectId: string, branchName: string): Promise<BranchRecord | undefined> {
    const [row] = await this.db.rows<BranchRecord>(`SELECT ${BRANCH_COLUMNS} FROM memory_branches WHERE ${BRANCH_KEY}`, [
      tenantId,
      projectId,
      branchName,
    ]);
    return row;
  }

  async listBranches(tenantId: string, projectId: string): Promise<BranchRecord[]> {
    return this.db.rows<BranchRecord>(
      `SELECT ${BRANCH_COLUMNS} FROM memory_branches WHERE tenant_id = $1 AND project_id = $2 ORDER BY created_at, branch_name`,
      [tenantId, projectId],
    );
  }

  async abandonBranch(tenantId: string, projectId: string, branchName: string, reason: string): Promise<boolean> {
    // One statement: it waits for an append holding the branch lock, then re-checks the status.
    const changed = await this.db.run(
      `UPDATE memory_branches SET status = 'abandoned', abandon_reason = $4 WHERE ${BRANCH_KEY} AND status = 'active'`,
      [tenantId, projectId, branchName, reason],
    );
    return changed > 0;
  }

  async appendMilestone(input: AppendMilestoneInput): Promise<AppendOutcome> {
    const { milestone, idempotencyKey } = input;
    return this.db.transaction(async (tx): Promise<AppendOutcome> => {
      const replayed = async (): Promise<AppendOutcome | undefined> => {
        if (idempotencyKey === undefined) return undefined;
        const found = await findByIdempotencyKey(tx, milestone.tenantId, milestone.projectId, idempotencyKey);
        return found && { outcome: 'replayed', milestone: found };
      };
      const early = await replayed(); // before the branch: a repeat is answered even once the branch is closed
      if (early) return early;
      const refused = await openBranch(tx, milestone.tenantId, milestone.projectId, milestone.branchName, input.createBranch);
      if (refused) return refused;
      const { existing, previous } = await readBranchTail(tx, milestone);
      if (existing) return (await replayed()) ?? { outcome: 'duplicate', milestone: existing };
      const created = await insertMilestone(tx, milestone, previous, idempotencyKey ?? null);
      if (created) return { outcome: 'created', milestone: created };
      // Refused by a unique index: the key, committed by a repeat since this transaction began (on this branch
      // it waited for the lock above; on another, this insert waited for that one), or, unreachable while every
      // writer holds the branch lock, the content hash.
      return (await replayed()) ?? { outcome: 'duplicate', milestone: (await readBranchTail(tx, milestone)).existing! };
    });
  }

  async mergeBranch(input: MergeInput): Promise<MergeOutcome> {
    const { tenantId, projectId, sourceBranch, targetBranch } = input;
    return this.db.transaction(async (tx): Promise<MergeOutcome> => {
      if (!(await lockProject(tx, tenantId, projectId))) return { outcome: 'project_missing' };
      const statuses = await lockBranches(tx, tenantId, projectId, [sourceBranch, targetBranch]);
      for (const name of [sourceBranch, targetBranch]) {
        const status = statuses.get(name);
        if (status === undefined) return { outcome: 'branch_missing', branchName: name };
        if (status !== 'active') return { outcome: 'branch_closed', branchName: name, status };
      }
      const [count] = await tx.rows<{ n: number }>(`SELECT count(*) AS n FROM memory_milestones WHERE ${BRANCH_KEY}`, [
        tenantId,
        projectId,
        sourceBranch,
      ]);
      const draft = { ...input.milestone, branchName: targetBranch };
      const milestone = await insertMilestone(tx, draft, (await readBranchTail(tx, draft)).previous);
      if (!milestone) throw new Error('the merge milestone duplicates a milestone of the target branch');
      await tx.run(`UPDATE memory_branches SET status = 'merged', merged_into = $4 WHERE ${BRANCH_KEY}`, [
        tenantId,
        projectId,
        sourceBranch,
        targetBranch,
      ]);
      return { outcome: 'merged', milestone, milestonesMerged: count!.n };
    });
  }

  async getMilestone(tenantId: string, projectId: string, milestoneId: string): Promise<MilestoneRecord | undefined> {
    const [row] = await this.db.rows<MilestoneRecord>(
      `SELECT ${milestoneColumns()} FROM memory_milestones m WHERE m.tenant_id = $1 AND m.project_id = $2 AND m.milestone_id = $3`,
      [tenantId, projectId, milestoneId],
    );
    return row;
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
    await this.db.run(
      `INSERT INTO memory_milestone_embeddings (milestone_id, embedder_id, vector)
       SELECT milestone_id, $3, $4 FROM memory_milestones WHERE tenant_id = $1 AND milestone_id = $2
       ON CONFLICT (milestone_id) DO UPDATE SET embedder_id = excluded.embedder_id, vector = excluded.vector`,
      [tenantId, milestoneId, embedderId, vectorToBytes(vector)],
    );
  }

  async listEmbeddings(embedderId: string) {
    return this.queries.listEmbeddings(embedderId);
  }

  async listUnembedded(embedderId: string, limit: number) {
    return this.queries.listUnembedded(embedderId, limit);
  }

  async appendLogEntry(entry: LogEntryDraft, createBranch?: BranchRecord): Promise<AppendLogOutcome> {
    return this.db.transaction(async (tx): Promise<AppendLogOutcome> => {
      const refused = await openBranch(tx, entry.tenantId, entry.projectId, entry.branchName, createBranch);
      if (refused) return refused;
      const [row] = await tx.rows<{ next: number }>(
        `SELECT coalesce(max(sequence_number), 0) + 1 AS next FROM memory_log_entries WHERE ${BRANCH_KEY}`,
        [entry.tenantId, entry.projectId, entry.branchName],
      );
      const record: LogEntryRecord = { ...entry, sequenceNumber: row!.next };
      await tx.run(
        `INSERT INTO memory_log_entries (entry_id, tenant_id, project_id, branch_name, agent_id, phase, content, sequence_number, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [record.entryId, record.tenantId, record.projectId, record.branchName, record.agentId, record.phase, record.content,
          record.sequenceNumber, record.createdAt],
      );
      return { outcome: 'created', entry: record };
    });
  }

  async listLogEntries(tenantId: string, projectId: string, branchName: string, page: Page): Promise<LogEntryRecord[]> {
    return this.db.rows<LogEntryRecord>(
      `SELECT ${LOG_COLUMNS} FROM memory_log_entries WHERE ${BRANCH_KEY} ORDER BY sequence_number DESC LIMIT $4 OFFSET $5`,
      [tenantId, projectId, branchName, page.limit, page.offset],
    );
  }
}
