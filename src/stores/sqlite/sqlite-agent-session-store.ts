// AgentSessionStore on SQLite: one upsert per row that adds to the stored counters, all rows of a
// batch in one transaction.
import type Database from 'better-sqlite3';
import { decodeAgentSessionCursor } from '../ports/agent-session-cursor.js';
import type { AgentSessionQuery, AgentSessionStore, AgentSessionSummary, AgentSessionUsage } from '../ports/agent-session-store.js';
import type { SqliteDatabase } from './database.js';

const SELECT = `SELECT tenant_id AS tenantId, session_id AS sessionId, agent_type AS agentType, requests,
    cache_hits AS cacheHits, input_tokens AS inputTokens, output_tokens AS outputTokens, cost_usd AS costUsd,
    cost_saved_usd AS costSavedUsd, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt
  FROM agent_sessions`;

const UPSERT = `INSERT INTO agent_sessions (tenant_id, session_id, agent_type, requests, cache_hits, input_tokens,
    output_tokens, cost_usd, cost_saved_usd, first_seen_at, last_seen_at)
  VALUES (@tenantId, @sessionId, @agentType, @requests, @cacheHits, @inputTokens, @outputTokens, @costUsd,
    @costSavedUsd, @firstSeenAt, @lastSeenAt)
  ON CONFLICT (tenant_id, session_id) DO UPDATE SET
    agent_type = CASE WHEN agent_sessions.agent_type = 'unknown' THEN excluded.agent_type ELSE agent_sessions.agent_type END,
    requests = agent_sessions.requests + excluded.requests,
    cache_hits = agent_sessions.cache_hits + excluded.cache_hits,
    input_tokens = agent_sessions.input_tokens + excluded.input_tokens,
    output_tokens = agent_sessions.output_tokens + excluded.output_tokens,
    cost_usd = agent_sessions.cost_usd + excluded.cost_usd,
    cost_saved_usd = agent_sessions.cost_saved_usd + excluded.cost_saved_usd,
    first_seen_at = min(agent_sessions.first_seen_at, excluded.first_seen_at),
    last_seen_at = max(agent_sessions.last_seen_at, excluded.last_seen_at)`;

export class SqliteAgentSessionStore implements AgentSessionStore {
  private readonly upsertAll;
  private readonly byId;
  private readonly deleteBefore;
  /** One prepared listing per combination of filters. */
  private readonly listings = new Map<string, Database.Statement>();

  constructor(private readonly db: SqliteDatabase) {
    const upsert = db.prepare(UPSERT);
    this.upsertAll = db.transaction((rows: AgentSessionUsage[]) => {
      for (const row of rows) upsert.run(row);
    });
    this.byId = db.prepare(`${SELECT} WHERE tenant_id = ? AND session_id = ?`);
    this.deleteBefore = db.prepare('DELETE FROM agent_sessions WHERE last_seen_at < ?');
  }

  async addUsage(rows: AgentSessionUsage[]): Promise<void> {
    if (rows.length > 0) this.upsertAll.immediate(rows);
  }

  async list(tenantId: string | undefined, query: AgentSessionQuery): Promise<AgentSessionSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (tenantId !== undefined) {
      where.push('tenant_id = ?');
      params.push(tenantId);
    }
    if (query.agentType !== undefined) {
      where.push('agent_type = ?');
      params.push(query.agentType);
    }
    if (query.before !== undefined) {
      const position = decodeAgentSessionCursor(query.before);
      if (!position) throw new RangeError('invalid agent session cursor');
      where.push('(last_seen_at, tenant_id, session_id) < (?, ?, ?)');
      params.push(position.lastSeenAt, position.tenantId, position.sessionId);
    }
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY last_seen_at DESC, tenant_id DESC, session_id DESC LIMIT ?`;
    let statement = this.listings.get(sql);
    if (!statement) this.listings.set(sql, (statement = this.db.prepare(sql)));
    return statement.all(...params, query.limit) as AgentSessionSummary[];
  }

  async get(tenantId: string, sessionId: string): Promise<AgentSessionSummary | undefined> {
    return this.byId.get(tenantId, sessionId) as AgentSessionSummary | undefined;
  }

  async deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.deleteBefore.run(cutoffMs).changes;
  }
}
