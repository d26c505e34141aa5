// Read side of the SQLite memory store: milestone listings, statistics, the FTS5/BM25 lexical
// ranking and stored embeddings. Writes live in sqlite-memory-store.ts.
import type {
  AgentActivity,
  EmbeddingRow,
  LexicalHit,
  MilestoneFilter,
  MilestoneRecord,
  Page,
  ProjectStats,
} from '../memory-store.js';
import type { SqliteDatabase } from './database.js';
import { CONTEXT_COLUMN_WEIGHT } from '../../domain/memory/search/rank-fusion.js';
import { toScopedFtsQuery } from './fts-query.js';
import { blobToVector, toMilestone, type MilestoneRow } from './sqlite-memory-rows.js';

/** BM25 over the FTS columns in their order: the three texts, the context (see rank-fusion.ts), the scope. */
const BM25_RANK = `bm25(1.0, 1.0, 1.0, ${CONTEXT_COLUMN_WEIGHT}, 0.0)`;

export class SqliteMilestoneQueries {
  private readonly byIds;
  private readonly branchPage;
  private readonly preceding;
  private readonly counts;
  private readonly branchCounts;
  private readonly agents;
  private readonly embeddings;
  private readonly unembedded;
  private readonly lexical;
  private readonly lexicalInProjects;

  constructor(private readonly db: SqliteDatabase) {
    // The unary + keeps the planner on the milestone_id index instead of scanning the whole tenant.
    this.byIds = db.prepare(`SELECT * FROM memory_milestones
      WHERE +tenant_id = ? AND milestone_id IN (SELECT value FROM json_each(?))`);
    this.branchPage = db.prepare(`SELECT * FROM memory_milestones
      WHERE tenant_id = ? AND project_id = ? AND branch_name = ?
      ORDER BY sequence_number DESC LIMIT ? OFFSET ?`);
    this.preceding = db.prepare(`SELECT * FROM memory_milestones
      WHERE tenant_id = ? AND project_id = ? AND branch_name = ? AND sequence_number < ?
      ORDER BY sequence_number DESC LIMIT ?`);
    this.counts = db.prepare(`SELECT
        (SELECT count(*) FROM memory_milestones WHERE tenant_id = @t AND project_id = @p) AS milestones,
        (SELECT count(*) FROM memory_log_entries WHERE tenant_id = @t AND project_id = @p) AS logEntries,
        (SELECT min(created_at) FROM memory_milestones WHERE tenant_id = @t AND project_id = @p) AS firstAt,
        (SELECT max(created_at) FROM memory_milestones WHERE tenant_id = @t AND project_id = @p) AS lastAt`);
    this.branchCounts = db.prepare(`SELECT status, count(*) AS n FROM memory_branches
      WHERE tenant_id = ? AND project_id = ? GROUP BY status`);
    this.agents = db.prepare(`SELECT agent_id, max(agent_type) AS agent_type, count(*) AS n, max(created_at) AS last_at
      FROM memory_milestones WHERE tenant_id = ? AND project_id = ?
      GROUP BY agent_id ORDER BY last_at DESC, agent_id`);
    this.embeddings = db.prepare(`SELECT m.tenant_id, m.project_id, m.milestone_id, m.created_at, e.vector
      FROM memory_milestone_embeddings e JOIN memory_milestones m ON m.milestone_id = e.milestone_id
      WHERE e.embedder_id = ? ORDER BY m.id`);
    this.unembedded = db.prepare(`SELECT m.* FROM memory_milestones m
      LEFT JOIN memory_milestone_embeddings e ON e.milestone_id = m.milestone_id AND e.embedder_id = ?
      WHERE e.milestone_id IS NULL ORDER BY m.id LIMIT ?`);
    const lexical = (projectClause: string) =>
      db.prepare(`SELECT m.milestone_id, m.project_id, m.created_at, f.rank AS score
        FROM memory_milestone_fts f JOIN memory_milestones m ON m.id = f.rowid
        WHERE f.memory_milestone_fts MATCH ? AND f.rank MATCH '${BM25_RANK}' AND m.tenant_id = ? ${projectClause}
        ORDER BY f.rank LIMIT ?`);
    this.lexical = lexical('');
    this.lexicalInProjects = lexical('AND m.project_id IN (SELECT value FROM json_each(?))');
  }

  getByIds(tenantId: string, milestoneIds: string[]): MilestoneRecord[] {
    if (milestoneIds.length === 0) return [];
    const rows = this.byIds.all(tenantId, JSON.stringify(milestoneIds)) as MilestoneRow[];
    return rows.map(toMilestone);
  }

  listBranch(tenantId: string, projectId: string, branchName: string, page: Page): MilestoneRecord[] {
    const rows = this.branchPage.all(tenantId, projectId, branchName, page.limit, page.offset) as MilestoneRow[];
    return rows.map(toMilestone);
  }

  listPreceding(tenantId: string, projectId: string, branchName: string, sequenceNumber: number, count: number): MilestoneRecord[] {
    if (count <= 0) return [];
    return (this.preceding.all(tenantId, projectId, branchName, sequenceNumber, count) as MilestoneRow[]).map(toMilestone);
  }

  list(tenantId: string, filter: MilestoneFilter, page: Page): { milestones: MilestoneRecord[]; total: number } {
    const where = ['tenant_id = ?'];
    const args: unknown[] = [tenantId];
    if (filter.projectIds) {
      where.push('project_id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(filter.projectIds));
    }
    if (filter.agentIds) {
      where.push('agent_id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(filter.agentIds));
    }
    if (filter.since !== undefined) {
      where.push('created_at >= ?');
      args.push(filter.since);
    }
    if (filter.until !== undefined) {
      where.push('created_at <= ?');
      args.push(filter.until);
    }
    const clause = where.join(' AND ');
    const rows = this.db
      .prepare(`SELECT * FROM memory_milestones WHERE ${clause} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, page.limit, page.offset) as MilestoneRow[];
    const total = this.db.prepare(`SELECT count(*) FROM memory_milestones WHERE ${clause}`).pluck().get(...args) as number;
    return { milestones: rows.map(toMilestone), total };
  }

  stats(tenantId: string, projectId: string): ProjectStats {
    const counts = this.counts.get({ t: tenantId, p: projectId }) as {
      milestones: number;
      logEntries: number;
      firstAt: string | null;
      lastAt: string | null;
    };
    const branchCounts = { active: 0, merged: 0, abandoned: 0 };
    for (const row of this.branchCounts.all(tenantId, projectId) as Array<{ status: keyof typeof branchCounts; n: number }>) {
      branchCounts[row.status] = row.n;
    }
    return {
      milestoneCount: counts.milestones,
      logEntryCount: counts.logEntries,
      branchCounts,
      firstMilestoneAt: counts.firstAt,
      lastMilestoneAt: counts.lastAt,
    };
  }

  listAgents(tenantId: string, projectId: string): AgentActivity[] {
    const rows = this.agents.all(tenantId, projectId) as Array<{ agent_id: string; agent_type: string; n: number; last_at: string }>;
    return rows.map((row) => ({ agentId: row.agent_id, agentType: row.agent_type, milestoneCount: row.n, lastActiveAt: row.last_at }));
  }

  /**
   * The scope tokens in the MATCH keep FTS5 from ranking other projects' rows (a project search
   * costs what its project holds, not what the whole database does), and FTS5 sorts by its own
   * `rank` before the join, so only rows up to the limit are looked up. The tenant and project
   * filters on the joined row keep the result exact whatever the tokens match.
   */
  searchLexical(tenantId: string, query: string, options: { projectIds?: string[]; limit: number }): LexicalHit[] {
    if (options.limit <= 0 || options.projectIds?.length === 0) return [];
    const match = toScopedFtsQuery(query, tenantId, options.projectIds);
    if (match === undefined) return [];
    const statement = options.projectIds ? this.lexicalInProjects : this.lexical;
    const args: unknown[] = [match, tenantId, ...(options.projectIds ? [JSON.stringify(options.projectIds)] : []), options.limit];
    const rows = statement.all(...args) as Array<{ milestone_id: string; project_id: string; created_at: string; score: number }>;
    return rows.map((row) => ({ milestoneId: row.milestone_id, projectId: row.project_id, createdAt: row.created_at, score: row.score }));
  }

  listEmbeddings(embedderId: string): EmbeddingRow[] {
    const rows = this.embeddings.all(embedderId) as Array<{
      tenant_id: string;
      project_id: string;
      milestone_id: string;
      created_at: string;
      vector: Buffer;
    }>;
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      projectId: row.project_id,
      milestoneId: row.milestone_id,
      createdAt: row.created_at,
      vector: blobToVector(row.vector),
    }));
  }

  listUnembedded(embedderId: string, limit: number): MilestoneRecord[] {
    return (this.unembedded.all(embedderId, limit) as MilestoneRow[]).map(toMilestone);
  }
}
