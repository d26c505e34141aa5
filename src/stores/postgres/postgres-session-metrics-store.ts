// SessionMetricsStore on PostgreSQL: one row per session, replaced by a later report of the same
// session, aggregated with avg (which skips NULLs, so an optional counter is averaged over the
// sessions that reported it).
import {
  SESSION_COUNTERS,
  type SessionCounter,
  type SessionGroupStats,
  type SessionMetricsRecord,
  type SessionMetricsStore,
} from '../ports/session-metrics-store.js';
import type { SqlRunner } from './postgres-database.js';

const COUNTER_COLUMNS: Record<SessionCounter, string> = {
  milestonesStored: 'milestones_stored',
  filesModified: 'files_modified',
  errorsEncountered: 'errors_encountered',
  tokensUsed: 'tokens_used',
  userCorrections: 'user_corrections',
};

const FIXED_COLUMNS = [
  'tenant_id', 'project_id', 'session_id', 'agent_id', 'milestones_recalled', 'tool_calls_total', 'session_duration_secs',
  'started_at', 'ended_at', 'recorded_at',
];
const COLUMNS = [...FIXED_COLUMNS, ...SESSION_COUNTERS.map((c) => COUNTER_COLUMNS[c])];
const KEY = new Set(['tenant_id', 'project_id', 'session_id']);

/** Inserted only while the project exists; a repeated session id replaces every field. */
const UPSERT = `INSERT INTO memory_sessions (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}
  WHERE EXISTS (SELECT 1 FROM memory_projects WHERE tenant_id = $1 AND project_id = $2)
  ON CONFLICT (tenant_id, project_id, session_id) DO UPDATE SET
    ${COLUMNS.filter((c) => !KEY.has(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`;

const SUMMARY = `SELECT milestones_recalled > 0 AS recalled, count(*) AS sessions,
    avg(tool_calls_total) AS "avgToolCalls", avg(session_duration_secs) AS "avgDurationSecs",
    avg(milestones_recalled) AS "avgMilestonesRecalled",
    ${SESSION_COUNTERS.map((c) => `avg(${COUNTER_COLUMNS[c]}) AS "${c}"`).join(', ')}
  FROM memory_sessions WHERE tenant_id = $1 AND project_id = $2 GROUP BY recalled`;

export class PostgresSessionMetricsStore implements SessionMetricsStore {
  constructor(private readonly db: SqlRunner) {}

  async recordSession(metrics: SessionMetricsRecord): Promise<boolean> {
    const values = [
      metrics.tenantId, metrics.projectId, metrics.sessionId, metrics.agentId, metrics.milestonesRecalled, metrics.toolCallsTotal,
      metrics.sessionDurationSecs, metrics.startedAt, metrics.endedAt, metrics.recordedAt,
      ...SESSION_COUNTERS.map((c) => metrics.counters[c] ?? null),
    ];
    return (await this.db.run(UPSERT, values)) > 0;
  }

  async summarizeSessions(tenantId: string, projectId: string) {
    const empty = (): SessionGroupStats => ({
      sessions: 0,
      avgToolCalls: null,
      avgDurationSecs: null,
      avgMilestonesRecalled: null,
      counters: {},
    });
    const result = { withRecall: empty(), withoutRecall: empty() };
    const rows = await this.db.rows<Record<string, number | null> & { recalled: boolean }>(SUMMARY, [tenantId, projectId]);
    for (const row of rows) {
      const counters: Partial<Record<SessionCounter, number>> = {};
      for (const c of SESSION_COUNTERS) if (row[c] !== null && row[c] !== undefined) counters[c] = row[c];
      result[row.recalled ? 'withRecall' : 'withoutRecall'] = {
        sessions: row.sessions ?? 0,
        avgToolCalls: row.avgToolCalls ?? null,
        avgDurationSecs: row.avgDurationSecs ?? null,
        avgMilestonesRecalled: row.avgMilestonesRecalled ?? null,
        counters,
      };
    }
    return result;
  }
}
