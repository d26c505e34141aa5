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
} from '../ports/memory-store.js';
import type { SqliteDatabase } from './database.js';
import { CONTEXT_COLUMN_WEIGHT, EXACT_LEXICAL_ROWS, LEXICAL_RANKED_ROWS, TERM_COUNT_TTL_MS } from '../ports/lexical-ranking.js';
import { scopedMatch, scopedPrunedMatch, scopeOf, termMatch, toFtsTerms, type TermColumns } from './fts-query.js';
import { blobToVector, toMilestone, type MilestoneRow } from './sqlite-memory-rows.js';

/** BM25 over the FTS columns in their order: the three texts, the context (see rank-fusion.ts), the scope. */
const BM25_RANK = `bm25(1.0, 1.0, 1.0, ${CONTEXT_COLUMN_WEIGHT}, 0.0)`;

/** Term counts kept at most (the oldest are forgotten first). */
const TERM_COUNTS_KEPT = 10_000;

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
  private readonly cappedCount;
  private readonly tenantMilestones;
  private readonly allMilestones;
  /** Row counts of single terms in a scope (capped at LEXICAL_RANKED_ROWS + 1) and of milestones, with when they were counted. */
  private readonly termCounts = new Map<string, { count: number; at: number }>();

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
      db.prepare(`SELECT m.milestone_id, m.project_id, m.created_at, m.agent_id, f.rank AS score
        FROM memory_milestone_fts f JOIN memory_milestones m ON m.id = f.rowid
        WHERE f.memory_milestone_fts MATCH ? AND f.rank MATCH '${BM25_RANK}' AND m.tenant_id = ? ${projectClause}
        ORDER BY f.rank LIMIT ?`);
    this.lexical = lexical('');
    this.lexicalInProjects = lexical('AND m.project_id IN (SELECT value FROM json_each(?))');
    this.cappedCount = db
      .prepare(`SELECT count(*) FROM (SELECT rowid FROM memory_milestone_fts WHERE memory_milestone_fts MATCH ? LIMIT ?)`)
      .pluck();
    this.tenantMilestones = db.prepare('SELECT count(*) FROM memory_milestones WHERE tenant_id = ?').pluck();
    this.allMilestones = db.prepare('SELECT count(*) FROM memory_milestones').pluck();
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
    if (filter.branchNames) {
      where.push('branch_name IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(filter.branchNames));
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
   * filters on the joined row keep the result exact whatever the tokens match. When more than
   * EXACT_LEXICAL_ROWS rows match, only those holding the rarest words are ranked (see
   * rank-fusion.ts).
   */
  searchLexical(tenantId: string, query: string, options: { projectIds?: string[]; limit: number }): LexicalHit[] {
    if (options.limit <= 0 || options.projectIds?.length === 0) return [];
    const terms = toFtsTerms(query);
    if (terms === undefined) return [];
    const match = this.boundedMatch(tenantId, options.projectIds, terms);
    const statement = options.projectIds ? this.lexicalInProjects : this.lexical;
    const args: unknown[] = [match, tenantId, ...(options.projectIds ? [JSON.stringify(options.projectIds)] : []), options.limit];
    const rows = statement.all(...args) as Array<{ milestone_id: string; project_id: string; created_at: string; agent_id: string; score: number }>;
    return rows.map((row) => ({
      milestoneId: row.milestone_id,
      projectId: row.project_id,
      createdAt: row.created_at,
      agentId: row.agent_id,
      score: row.score,
    }));
  }

  /**
   * The full query when at most EXACT_LEXICAL_ROWS rows match it (counting stops there); else
   * the rows holding the rarest terms, as many terms as fit in LEXICAL_RANKED_ROWS rows; when
   * not even one does, the rows holding the rarest in their own text (not their context).
   * A search across the tenant's projects then leaves the tenant token out when the tenant holds
   * at least half of all milestones: bm25() reads the whole list of every token of the MATCH
   * once per query (for its idf), and the tenant token lists every row of the tenant, which costs
   * more than ranking the rows of other tenants that the joined row's filter then drops.
   */
  private boundedMatch(tenantId: string, projectIds: string[] | undefined, terms: string[]): string {
    const scope = scopeOf(tenantId, projectIds);
    const full = scopedMatch(scope, terms);
    if (this.count(full, EXACT_LEXICAL_ROWS) <= EXACT_LEXICAL_ROWS) return full;
    for (const columns of ['all', 'own'] as const) {
      const counted = terms.map((term) => ({ term, rows: this.termCount(scope, term, columns) })).sort((a, b) => a.rows - b.rows);
      const selective: string[] = [];
      let rows = 0;
      for (const { term, rows: n } of counted) {
        if (n === 0) continue;
        if (rows + n > LEXICAL_RANKED_ROWS && (selective.length > 0 || columns === 'all')) break;
        selective.push(term);
        rows += n;
      }
      if (selective.length === 0) continue;
      const unscoped = projectIds === undefined && 2 * this.cachedCount(tenantId) >= this.cachedCount(undefined);
      return scopedPrunedMatch(unscoped ? undefined : scope, selective, columns, terms);
    }
    return full;
  }

  /** The tenant's milestones (all milestones without one), counted at most once per TERM_COUNT_TTL_MS. */
  private cachedCount(tenantId: string | undefined): number {
    const key = `milestones\u0000${tenantId ?? ''}`;
    const now = Date.now();
    const known = this.termCounts.get(key);
    if (known && now - known.at < TERM_COUNT_TTL_MS) return known.count;
    const count = (tenantId === undefined ? this.allMilestones.get() : this.tenantMilestones.get(tenantId)) as number;
    this.remember(key, count, now);
    return count;
  }

  /** Rows matching, counted up to `cap` + 1. */
  private count(match: string, cap: number): number {
    return this.cappedCount.get(match, cap + 1) as number;
  }

  /** Rows holding the term within the scope, counted up to LEXICAL_RANKED_ROWS + 1, at most once per TERM_COUNT_TTL_MS. */
  private termCount(scope: string, term: string, columns: TermColumns): number {
    const key = `${columns}\u0000${scope}\u0000${term}`;
    const now = Date.now();
    const known = this.termCounts.get(key);
    if (known && now - known.at < TERM_COUNT_TTL_MS) return known.count;
    const count = this.count(termMatch(scope, term, columns), LEXICAL_RANKED_ROWS);
    this.remember(key, count, now);
    return count;
  }

  private remember(key: string, count: number, at: number): void {
    this.termCounts.delete(key);
    this.termCounts.set(key, { count, at });
    if (this.termCounts.size > TERM_COUNTS_KEPT) this.termCounts.delete(this.termCounts.keys().next().value!);
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
