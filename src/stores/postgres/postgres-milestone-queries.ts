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
} from '../ports/memory-store.js';
import { CONTEXT_COLUMN_WEIGHT, EXACT_LEXICAL_ROWS, LEXICAL_RANKED_ROWS, TERM_COUNT_TTL_MS } from '../ports/lexical-ranking.js';
import { bytesToVector, milestoneColumns } from './memory-columns.js';
import type { SqlRunner } from './postgres-database.js';
import { queryTermsSql, searchWords } from './text-search-query.js';

/**
 * ts_rank weights, ordered {D, C, B, A}: the contribution (A), purpose and progress (B) count 1,
 * the branch context (D) CONTEXT_COLUMN_WEIGHT, as the columns of SQLite's bm25().
 */
const WEIGHTS = `'{${CONTEXT_COLUMN_WEIGHT}, ${CONTEXT_COLUMN_WEIGHT}, 1, 1}'`;

/**
 * EXACT_LEXICAL_ROWS and LEXICAL_RANKED_ROWS for PostgreSQL: ranking a row costs it 5 to 9 us
 * (reading the row and its tsvector, one ts_rank per word) against about 1.3 us for FTS5's
 * bm25(), so it ranks fewer.
 */
const EXACT_ROWS = Math.min(EXACT_LEXICAL_ROWS, LEXICAL_RANKED_ROWS / 2);
const RANKED_ROWS = LEXICAL_RANKED_ROWS / 2;
/** Scope row counts kept at most (the oldest are forgotten first). */
const SCOPE_COUNTS_KEPT = 1000;

export class PostgresMilestoneQueries {
  private readonly scopeCounts = new Map<string, { count: number; at: number }>();
  private common: { freqs: Map<string, number>; at: number } | undefined;

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
    if (filter.branchNames) add((p) => `m.branch_name = ANY(${p}::text[])`, filter.branchNames);
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
   *
   * What it costs is reading the GIN lists and ranking rows, so neither is done for a word found
   * in many milestones: its document count comes from the column's statistics (ANALYZE's most
   * common lexemes and their frequencies in the whole table, kept by autovacuum), only rarer words
   * are counted, and both those statistics and the number of rows in the scope are read at most
   * once per TERM_COUNT_TTL_MS. When more than EXACT_ROWS rows would be ranked, only some are
   * (see candidateQuery), still scored by all the words.
   */
  async searchLexical(tenantId: string, query: string, options: { projectIds?: string[]; limit: number }): Promise<LexicalHit[]> {
    const words = searchWords(query);
    if (words.length === 0 || options.limit <= 0 || options.projectIds?.length === 0) return [];
    const scopeArgs = [tenantId, ...(options.projectIds ? [options.projectIds] : [])];
    const scope = (alias: string, first: number) =>
      `${alias}.tenant_id = $${first} ${options.projectIds ? `AND ${alias}.project_id = ANY($${first + 1}::text[])` : ''}`;
    const [total, common] = await Promise.all([this.scopeRows(tenantId, options.projectIds, scope), this.commonLexemes()]);
    const terms = await this.db.rows<{ term: string; lexeme: string; rows: number | null }>(
      `WITH terms AS (${queryTermsSql(1)}),
       known AS (SELECT t.term, trim(both '''' from t.term::text) AS lexeme FROM terms t)
       SELECT k.term::text AS term, k.lexeme,
         CASE WHEN k.lexeme <> ALL($2::text[]) THEN
           (SELECT count(*) FROM (SELECT 1 FROM memory_milestones s WHERE s.search_vector @@ k.term AND ${scope('s', 3)}
             LIMIT ${EXACT_ROWS + 1}) x)::int END AS rows
       FROM known k ORDER BY k.term::text`,
      [words, [...common.keys()], ...scopeArgs],
    );
    const counted = terms
      .map((t) => ({ term: t.term, df: t.rows ?? Math.max(1, Math.round(common.get(t.lexeme)! * total)) }))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df || compareText(a.term, b.term));
    if (counted.length === 0) return [];
    const n = Math.max(total, ...counted.map((t) => t.df));
    const idf = counted.map((t) => Math.log(1 + (n - t.df + 0.5) / (t.df + 0.5)));
    const params: unknown[] = [options.limit, ...scopeArgs];
    const param = (value: unknown) => `$${params.push(value)}`;
    const score = counted.map((t, i) => `${param(idf[i])}::float8 * ts_rank(${WEIGHTS}, m.search_vector, ${param(t.term)}::tsquery, 1)`);
    return this.db.rows<LexicalHit>(
      `SELECT m.milestone_id AS "milestoneId", m.project_id AS "projectId", m.created_at AS "createdAt", m.agent_id AS "agentId",
         -(${score.join(' + ')}) AS score
       FROM memory_milestones m
       WHERE m.search_vector @@ ${param(candidateQuery(counted, n))}::tsquery AND ${scope('m', 2)}
       ORDER BY score, m.created_at DESC, m.id DESC LIMIT $1`,
      params,
    );
  }

  /**
   * The share of all milestones holding each common lexeme, from the statistics ANALYZE keeps
   * (empty before the first ANALYZE), read at most once per TERM_COUNT_TTL_MS: reading pg_stats
   * takes a few milliseconds.
   */
  private async commonLexemes(): Promise<Map<string, number>> {
    const now = Date.now();
    if (this.common && now - this.common.at < TERM_COUNT_TTL_MS) return this.common.freqs;
    const [row] = await this.db.rows<{ elems: string[] | null; freqs: number[] | null }>(
      `SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs FROM pg_stats
       WHERE schemaname = current_schema() AND tablename = 'memory_milestones' AND attname = 'search_vector'`,
    );
    const freqs = new Map((row?.elems ?? []).map((lexeme, i) => [lexeme, Number(row!.freqs![i])]));
    this.common = { freqs, at: now };
    return freqs;
  }

  /** Milestones in the scope, counted at most once per TERM_COUNT_TTL_MS. */
  private async scopeRows(tenantId: string, projectIds: string[] | undefined, scope: (alias: string, first: number) => string): Promise<number> {
    const key = JSON.stringify([tenantId, projectIds ?? null]);
    const now = Date.now();
    const known = this.scopeCounts.get(key);
    if (known && now - known.at < TERM_COUNT_TTL_MS) return known.count;
    const [row] = await this.db.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM memory_milestones s WHERE ${scope('s', 1)}`,
      [tenantId, ...(projectIds ? [projectIds] : [])],
    );
    this.scopeCounts.delete(key);
    this.scopeCounts.set(key, { count: row!.n, at: now });
    if (this.scopeCounts.size > SCOPE_COUNTS_KEPT) this.scopeCounts.delete(this.scopeCounts.keys().next().value!);
    return row!.n;
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rows to rank: those matching any term when at most EXACT_ROWS do; else those holding
 * any of the rarest terms, as many as fit in RANKED_ROWS rows; when not even one does,
 * those holding all of the rarest terms, as few as bring the expected rows (terms taken as
 * independent) under RANKED_ROWS: GIN intersects the lists itself, so only those rows
 * are read.
 */
function candidateQuery(terms: Array<{ term: string; df: number }>, total: number): string {
  const any = (list: typeof terms) => list.map((t) => `(${t.term})`).join(' | ');
  if (terms.reduce((sum, t) => sum + t.df, 0) <= EXACT_ROWS) return any(terms);
  let rows = 0;
  const fitting = terms.filter((t) => (rows += t.df) <= RANKED_ROWS);
  if (fitting.length > 0) return any(fitting);
  const rarest: string[] = [];
  let expected = total;
  for (const t of terms) {
    if (rarest.length > 0 && expected <= RANKED_ROWS) break;
    rarest.push(`(${t.term})`);
    expected *= t.df / total;
  }
  return rarest.join(' & ');
}
