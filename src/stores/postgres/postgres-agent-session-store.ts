// AgentSessionStore on PostgreSQL: a batch is one INSERT ... ON CONFLICT DO UPDATE over unnest()ed
// arrays that adds to the stored counters, so concurrent writers from several instances lose no counts.
import { decodeAgentSessionCursor } from '../ports/agent-session-cursor.js';
import type { AgentSessionQuery, AgentSessionStore, AgentSessionSummary, AgentSessionUsage } from '../ports/agent-session-store.js';
import type { SqlRunner } from './postgres-database.js';

const SELECT = `SELECT tenant_id AS "tenantId", session_id AS "sessionId", agent_type AS "agentType", requests,
    cache_hits AS "cacheHits", input_tokens AS "inputTokens", output_tokens AS "outputTokens", cost_usd AS "costUsd",
    cost_saved_usd AS "costSavedUsd", first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt"
  FROM agent_sessions`;

/**
 * Rows of one session within the batch are summed first (ON CONFLICT may touch a row only once per
 * statement); sessions are written in key order so that two overlapping batches lock rows in the same order.
 */
const UPSERT = `INSERT INTO agent_sessions AS s (tenant_id, session_id, agent_type, requests, cache_hits, input_tokens,
    output_tokens, cost_usd, cost_saved_usd, first_seen_at, last_seen_at)
  SELECT tenant_id, session_id, coalesce(max(agent_type) FILTER (WHERE agent_type <> 'unknown'), 'unknown'),
    sum(requests), sum(cache_hits), sum(input_tokens), sum(output_tokens), sum(cost_usd), sum(cost_saved_usd),
    min(first_seen_at), max(last_seen_at)
  FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
    $8::float8[], $9::float8[], $10::bigint[], $11::bigint[])
    AS u(tenant_id, session_id, agent_type, requests, cache_hits, input_tokens, output_tokens, cost_usd, cost_saved_usd,
      first_seen_at, last_seen_at)
  GROUP BY tenant_id, session_id
  ORDER BY tenant_id, session_id
  ON CONFLICT (tenant_id, session_id) DO UPDATE SET
    agent_type = CASE WHEN s.agent_type = 'unknown' THEN excluded.agent_type ELSE s.agent_type END,
    requests = s.requests + excluded.requests,
    cache_hits = s.cache_hits + excluded.cache_hits,
    input_tokens = s.input_tokens + excluded.input_tokens,
    output_tokens = s.output_tokens + excluded.output_tokens,
    cost_usd = s.cost_usd + excluded.cost_usd,
    cost_saved_usd = s.cost_saved_usd + excluded.cost_saved_usd,
    first_seen_at = least(s.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)`;

const FIELDS = [
  'tenantId', 'sessionId', 'agentType', 'requests', 'cacheHits', 'inputTokens', 'outputTokens', 'costUsd', 'costSavedUsd',
  'firstSeenAt', 'lastSeenAt',
] as const satisfies ReadonlyArray<keyof AgentSessionUsage>;

export class PostgresAgentSessionStore implements AgentSessionStore {
  constructor(private readonly db: SqlRunner) {}

  async addUsage(rows: AgentSessionUsage[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.run(UPSERT, FIELDS.map((field) => rows.map((row) => row[field])));
  }

  async list(tenantId: string | undefined, query: AgentSessionQuery): Promise<AgentSessionSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (tenantId !== undefined) where.push(`tenant_id = ${bind(tenantId)}`);
    if (query.agentType !== undefined) where.push(`agent_type = ${bind(query.agentType)}`);
    if (query.before !== undefined) {
      const position = decodeAgentSessionCursor(query.before);
      if (!position) throw new RangeError('invalid agent session cursor');
      where.push(
        `(last_seen_at, tenant_id, session_id) < (${bind(position.lastSeenAt)}, ${bind(position.tenantId)}, ${bind(position.sessionId)})`,
      );
    }
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY last_seen_at DESC, tenant_id DESC, session_id DESC LIMIT ${bind(query.limit)}`;
    return this.db.rows<AgentSessionSummary>(sql, params);
  }

  async get(tenantId: string, sessionId: string): Promise<AgentSessionSummary | undefined> {
    const [row] = await this.db.rows<AgentSessionSummary>(`${SELECT} WHERE tenant_id = $1 AND session_id = $2`, [tenantId, sessionId]);
    return row;
  }

  async deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.db.run('DELETE FROM agent_sessions WHERE last_seen_at < $1', [cutoffMs]);
  }
}
