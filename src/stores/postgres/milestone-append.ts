// The steps of a memory write inside one PostgreSQL transaction: lock the branch (creating it if
// asked) and insert a milestone with the branch's next sequence number and its search context.
// A held branch lock is all an append needs: deleting the project must lock the branch too. Writers
// that take several locks take the project first, then branches in name order, so none deadlock.
import type { BranchRecord, BranchStatus, MilestoneDraft, MilestoneRecord } from '../ports/memory-store.js';
import { milestoneColumns } from './memory-columns.js';
import type { SqlRunner } from './postgres-database.js';
/** Milestones whose contributions make up a new milestone's `context` (seq-1, seq-2). */
const CONTEXT_DEPTH = 2;

type Refusal = { outcome: 'project_missing' } | { outcome: 'branch_missing' } | { outcome: 'branch_closed'; status: BranchStatus };

/** Inserts a branch unless it exists; returns the number of rows inserted. */
export async function insertBranch(db: SqlRunner, branch: BranchRecord): Promise<number> {
  return db.run(
    `INSERT INTO memory_branches (tenant_id, project_id, branch_name, parent_branch, purpose, status, agent_id, created_at,
       abandon_reason, merged_into)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [branch.tenantId, branch.projectId, branch.branchName, branch.parentBranch, branch.purpose, branch.status, branch.agentId,
      branch.createdAt, branch.abandonReason, branch.mergedInto],
  );
}

/** True when the project exists; it then cannot be deleted before the transaction ends. */
export async function lockProject(tx: SqlRunner, tenantId: string, projectId: string): Promise<boolean> {
  const rows = await tx.rows('SELECT 1 FROM memory_projects WHERE tenant_id = $1 AND project_id = $2 FOR KEY SHARE', [tenantId, projectId]);
  return rows.length > 0;
}

/** Locks the named branches that exist, in name order; returns their statuses. */
export async function lockBranches(tx: SqlRunner, tenantId: string, projectId: string, names: string[]): Promise<Map<string, BranchStatus>> {
  const rows = await tx.rows<{ branch_name: string; status: BranchStatus }>(
    `SELECT branch_name, status FROM memory_branches
     WHERE tenant_id = $1 AND project_id = $2 AND branch_name = ANY($3::text[]) ORDER BY branch_name FOR UPDATE`,
    [tenantId, projectId, names],
  );
  return new Map(rows.map((row) => [row.branch_name, row.status]));
}

/** Locks the branch (creating it when asked); returns why a write is refused, if it is. */
export async function openBranch(
  tx: SqlRunner,
  tenantId: string,
  projectId: string,
  branchName: string,
  createBranch: BranchRecord | undefined,
): Promise<Refusal | undefined> {
  let status = (await lockBranches(tx, tenantId, projectId, [branchName])).get(branchName);
  if (status === undefined) {
    if (!(await lockProject(tx, tenantId, projectId))) return { outcome: 'project_missing' };
    if (!createBranch) return { outcome: 'branch_missing' };
    // A concurrent creator makes this insert wait for its commit and then do nothing; either way, lock it.
    await insertBranch(tx, createBranch);
    status = (await lockBranches(tx, tenantId, projectId, [branchName])).get(branchName);
    if (status === undefined) return { outcome: 'branch_missing' };
  }
  return status === 'active' ? undefined : { outcome: 'branch_closed', status };
}

/** With the branch locked: its earliest milestone with the draft's content hash, and its last two. */
export async function readBranchTail(tx: SqlRunner, draft: MilestoneDraft): Promise<{ existing?: MilestoneRecord; previous: MilestoneRecord[] }> {
  const rows = await tx.rows<MilestoneRecord & { role: 'hash' | 'previous' }>(
    `(SELECT 'hash' AS role, ${milestoneColumns()} FROM memory_milestones m
      WHERE m.tenant_id = $1 AND m.project_id = $2 AND m.branch_name = $3 AND m.content_hash = $4
      ORDER BY m.sequence_number LIMIT 1)
     UNION ALL
     (SELECT 'previous' AS role, ${milestoneColumns()} FROM memory_milestones m
      WHERE m.tenant_id = $1 AND m.project_id = $2 AND m.branch_name = $3
      ORDER BY m.sequence_number DESC LIMIT ${CONTEXT_DEPTH})`,
    [draft.tenantId, draft.projectId, draft.branchName, draft.contentHash],
  );
  const strip = ({ role: _role, ...milestone }: MilestoneRecord & { role: string }): MilestoneRecord => milestone;
  const existing = rows.find((row) => row.role === 'hash');
  return {
    ...(existing ? { existing: strip(existing) } : {}),
    previous: rows.filter((row) => row.role === 'previous').map(strip),
  };
}

/** The milestone stored with this idempotency key in the project (a committed one, read committed). */
export async function findByIdempotencyKey(db: SqlRunner, tenantId: string, projectId: string, key: string): Promise<MilestoneRecord | undefined> {
  const [row] = await db.rows<MilestoneRecord>(
    `SELECT ${milestoneColumns()} FROM memory_milestones m WHERE m.tenant_id = $1 AND m.project_id = $2 AND m.idempotency_key = $3`,
    [tenantId, projectId, key],
  );
  return row;
}

/**
 * With the branch locked and its last milestones read: inserts the milestone as max+1, with their
 * contributions (seq-1, seq-2) as its search context. Undefined when a non-merge milestone with the
 * same content hash exists on the branch, or one with the same idempotency key in the project (a
 * unique index refused it; nothing was written).
 */
export async function insertMilestone(
  tx: SqlRunner,
  draft: MilestoneDraft,
  previous: MilestoneRecord[],
  idempotencyKey: string | null = null,
): Promise<MilestoneRecord | undefined> {
  const record: MilestoneRecord = { ...draft, sequenceNumber: (previous[0]?.sequenceNumber ?? 0) + 1 };
  const context = previous.map((milestone) => milestone.thisContribution).join('\n');
  // With a key, two unique indexes may refuse the row, and ON CONFLICT names one arbiter or all.
  const onConflict = idempotencyKey === null ? `(tenant_id, project_id, branch_name, content_hash) WHERE kind <> 'merge'` : '';
  const inserted = await tx.run(
    `INSERT INTO memory_milestones (milestone_id, tenant_id, project_id, branch_name, branch_purpose, cumulative_progress,
       this_contribution, content_hash, sequence_number, agent_id, agent_type, kind, created_at, context, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT ${onConflict} DO NOTHING`,
    [record.milestoneId, record.tenantId, record.projectId, record.branchName, record.branchPurpose, record.cumulativeProgress,
      record.thisContribution, record.contentHash, record.sequenceNumber, record.agentId, record.agentType, record.kind,
      record.createdAt, context, idempotencyKey],
  );
  return inserted === 1 ? record : undefined;
}
