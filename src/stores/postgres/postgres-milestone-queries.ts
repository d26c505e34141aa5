// Read side of the PostgreSQL memory store: milestone listings, statistics, the tsvector lexical
// ranking (ts_rank with BM25's idf) and stored embeddings. Writes live in postgres-memory-store.ts.
import type {
  AgentActivity,
  BranchStatus,
  EmbeddingRow,
  LexicalHit,
  MilestoneFilter,
  MilestoneRecord,
  Page,
  ProjectStats,
} from '../memory-store.js';
import { CONTEXT_COLUMN_WEIGHT } from '../../domain/memory/search/rank-fusion.js';
import { bytesToVector, milestoneColumns } from './memory-columns.js';
import type { SqlRunner } from './postgres-database.js';
import { queryTermsSql, searchWords } from './text-search-query.js';

/**
 * ts_rank weights, ordered {D, C, B, A}: the contribution (A), purpose and progress (B) count 1,
 * the branch context (D) CONTEXT_COLUMN_WEIGHT, as the columns of SQLite's bm25().
 */
const WEIGHTS = `'{${CONTEXT_COLUMN_WEIGHT}, ${CONTEXT_COLUMN_WEIGHT}, 1, 1}'`;

export class PostgresMilestoneQueries {
  constructor(private readonly db: SqlRunner) {}

  async getByIds(tenantId: string, milestoneIds: string[]): Promise<MilestoneRecord[]> {
    if (milestoneIds.length === 0) return [];
    return this.db.rows<MilestoneRecord>(
      `SELECT ${milestoneColumns()} FROM memory_milestones m WHERE m.tenant_id = $1 AND m.milestone_id = ANY($2::text[])`,
      [tenantId, milestoneIds],
    );
  }

  async listBranch(tenantId: string, projectId: string, branchName: string, page: Page): Promise<MilestoneRecord[]> {
    return this.db.rows<MilestoneRecord>(
      `SELECT ${milestoneColumns()} FROM memory_milestones m
       WHERE m.tenant_id = $1 AND m.project_id = $2 AND m.branch_name = $3
       ORDER BY m.sequence_number DESC LIMIT $4 OFFSET $5`,
      [tenantId, projectId, branchName, page.limit, page.offset],
    );
  }

  async listPreceding(tenantId: string, projectId: string, branchName: string, sequenceNumber: number, count: number): Promise<MilestoneRecord[]> {
    if (count <= 0) return [];
    return this.db.rows<MilestoneRecord>(
      `SELECT ${milestoneColumns()} FROM memory_milestones m
       WHERE m.tenant_id = $1 AND m.project_id = $2 AND m.branch_name = $3 AND m.sequence_number < $4
       ORDER BY m.sequence_number DESC LIMIT $5`,
      [tenantId, projectId, branchName, sequenceNumber, count],
    );
  }

  async list(tenantId: string, filter: MilestoneFilter, page: Page): Promise<{ milestones: MilestoneRecord[]; total: number }> {
    const where = ['m.tenant_id = $1'];
    const args: unknown[] = [tenantId];
    const add = (condition: (param: string) => string, value: unknown): void => {
      args.push(value);
      where.push(condition(`$${args.length}`));
    };
    if (filter.projectIds) add((p) => `m.project_id = ANY(${p}::text[])`, filter.projectIds);
    if (filter.agentIds) add((p) => `m.agent_id = ANY(${p}::text[])`, filter.agentIds);
    if (filter.since !== undefined) add((p) => `m.created_at >= ${p}`, filter.since);
    if (filter.until !== undefined) add((p) => `m.created_at <= ${p}`, filter.until);
    const clause = where.join(' AND ');
    const n = args.length;
    const [milestones, [count]] = await Promise.all([
      this.db.rows<MilestoneRecord>(
        `SELECT ${milestoneColumns()} FROM memory_milestones m WHERE ${clause}
         ORDER BY m.created_at DESC, m.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...args, page.limit, page.offset],
      ),
      this.db.rows<{ total: number }>(`SELECT count(*) AS total FROM memory_milestones m WHERE ${clause}`, args),
    ]);
    return { milestones, total: count!.total };
  }

  async stats(tenantId: string, projectId: string): Promise<ProjectStats> {
    const [[counts], statuses] = await Promise.all([
      this.db.rows<{ milestones: number; logEntries: number; firstAt: string | null; lastAt: string | null }>(
        `SELECT
           (SELECT count(*) FROM memory_milestones WHERE tenant_id = $1 AND project_id = $2) AS milestones,
           (SELECT count(*) FROM memory_log_entries WHERE tenant_id = $1 AND project_id = $2) AS "logEntries",
           (SELECT min(created_at) FROM memory_milestones WHERE tenant_id = $1 AND project_id = $2) AS "firstAt",
           (SELECT max(created_at) FROM memory_milestones WHERE tenant_id = $1 AND project_id = $2) AS "lastAt"`,
        [tenantId, projectId],
      ),
      this.db.rows<{ status: BranchStatus; n: number }>(
        'SELECT status, count(*) AS n FROM memory_branches WHERE tenant_id = $1 AND project_id = $2 GROUP BY status',
        [tenantId, projectId],
      ),
    ]);
    const branchCounts: Record<BranchStatus, number> = { active: 0, merged: 0, abandoned: 0 };
    for (const row of statuses) branchCounts[row.status] = row.n;
    return {
      milestoneCount: counts!.milestones,
      logEntryCount: counts!.logEntries,
      branchCounts,
      firstMilestoneAt: counts!.firstAt,
      lastMilestoneAt: counts!.lastAt,
    };
  }

  async listAgents(tenantId: string, projectId: string): Promise<AgentActivity[]> {
    return this.db.rows<AgentActivity>(
      `SELECT agent_id AS "agentId", max(agent_type) AS "agentType", count(*) AS "milestoneCount",
         max(created_at) AS "lastActiveAt"
       FROM memory_milestones WHERE tenant_id = $1 AND project_id = $2
       GROUP BY agent_id ORDER BY "lastActiveAt" DESC, agent_id`,
      [tenantId, projectId],
    );
  }

  /**
   * Milestones matching any word, best first, scored like BM25: each term's ts_rank (which, like BM25,
   * saturates as a word repeats; normalization 1 divides by 1 + log(length)) weighted by the term's
   * BM25 idf among the milestones searched, summed and negated, so lower is better as on SQLite.
   */
  async searchLexical(tenantId: string, query: string, options: { projectIds?: string[]; limit: number }): Promise<LexicalHit[]> {
    const words = searchWords(query);
    if (words.length === 0 || options.limit <= 0) return [];
    const scope = (alias: string) => `${alias}.tenant_id = $2 ${options.projectIds ? `AND ${alias}.project_id = ANY($4::text[])` : ''}`;
    return this.db.rows<LexicalHit>(
      `WITH terms AS (${queryTermsSql(1)}),
       total AS (SELECT count(*) AS n FROM memory_milestones s WHERE ${scope('s')}),
       weighted AS (
         SELECT t.term, ln(1 + (total.n - d.df + 0.5) / (d.df + 0.5)) AS idf
         FROM terms t CROSS JOIN total
         CROSS JOIN LATERAL (SELECT count(*) AS df FROM memory_milestones s WHERE s.search_vector @@ t.term AND ${scope('s')}) d),
       q AS (SELECT string_agg('(' || term::text || ')', ' | ')::tsquery AS query FROM weighted)
       SELECT m.milestone_id AS "milestoneId", m.project_id AS "projectId", m.created_at AS "createdAt",
         -(SELECT sum(w.idf * ts_rank(${WEIGHTS}, m.search_vector, w.term, 1)) FROM weighted w) AS score
       FROM memory_milestones m, q
       WHERE m.search_vector @@ q.query AND ${scope('m')}
       ORDER BY score, m.created_at DESC, m.id DESC LIMIT $3`,
      [words, tenantId, options.limit, ...(options.projectIds ? [options.projectIds] : [])],
    );
  }

  async listEmbeddings(embedderId: string): Promise<EmbeddingRow[]> {
    const rows = await this.db.rows<Omit<EmbeddingRow, 'vector'> & { vector: Buffer }>(
      `SELECT m.tenant_id AS "tenantId", m.project_id AS "projectId", m.milestone_id AS "milestoneId",
         m.created_at AS "createdAt", e.vector
       FROM memory_milestone_embeddings e JOIN memory_milestones m ON m.milestone_id = e.milestone_id
       WHERE e.embedder_id = $1 ORDER BY m.id`,
      [embedderId],
    );
    return rows.map((row) => ({ ...row, vector: bytesToVector(row.vector) }));
  }

  async listUnembedded(embedderId: string, limit: number): Promise<MilestoneRecord[]> {
    return this.db.rows<MilestoneRecord>(
      `SELECT ${milestoneColumns()} FROM memory_milestones m
       WHERE NOT EXISTS (SELECT 1 FROM memory_milestone_embeddings e WHERE e.milestone_id = m.milestone_id AND e.embedder_id = $1)
       ORDER BY m.id LIMIT $2`,
      [embedderId, limit],
    );
  }
}
