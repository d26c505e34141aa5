// SessionMetricsStore on PostgreSQL: one row per session, replaced by a later report of the same
// session, summed per agent type and recall with sum/count, which skip NULLs, so an optional
// counter counts only where reported.
import {
  SESSION_COUNTER_COLUMNS,
  SESSION_COUNTERS,
  sessionGroupColumns,
  sessionGroupOf,
  sessionRecordColumns,
  sessionRecordOf,
  type SessionGroup,
  type SessionMetricsRecord,
  type SessionMetricsStore,
} from '../ports/session-metrics-store.js';
import type { SqlRunner } from './postgres-database.js';

const FIXED_COLUMNS = [
  'tenant_id', 'project_id', 'session_id', 'agent_id', 'branch_name', 'agent_type', 'milestones_recalled', 'tool_calls_total',
  'session_duration_secs', 'started_at', 'ended_at', 'recorded_at',
];
const COLUMNS = [...FIXED_COLUMNS, ...SESSION_COUNTERS.map((c) => SESSION_COUNTER_COLUMNS[c])];
const KEY = new Set(['tenant_id', 'project_id', 'session_id']);

/** Inserted only while the project exists; a repeated session id replaces every field. */
const UPSERT = `INSERT INTO memory_sessions (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}
  WHERE EXISTS (SELECT 1 FROM memory_projects WHERE tenant_id = $1 AND project_id = $2)
  ON CONFLICT (tenant_id, project_id, session_id) DO UPDATE SET
    ${COLUMNS.filter((c) => !KEY.has(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`;

const SUMMARY = `SELECT milestones_recalled > 0 AS recalled, ${sessionGroupColumns()}
  FROM memory_sessions WHERE tenant_id = $1 AND project_id = $2 GROUP BY agent_type, recalled ORDER BY agent_type, recalled`;

const RECENT = `SELECT ${sessionRecordColumns()} FROM memory_sessions WHERE tenant_id = $1 AND project_id = $2
  ORDER BY ended_at DESC, session_id LIMIT $3`;

export class PostgresSessionMetricsStore implements SessionMetricsStore {
  constructor(private readonly db: SqlRunner) {}

  async recordSession(metrics: SessionMetricsRecord): Promise<boolean> {
    const values = [
      metrics.tenantId, metrics.projectId, metrics.sessionId, metrics.agentId, metrics.branchName, metrics.agentType,
      metrics.milestonesRecalled, metrics.toolCallsTotal, metrics.sessionDurationSecs, metrics.startedAt, metrics.endedAt,
      metrics.recordedAt, ...SESSION_COUNTERS.map((c) => metrics.counters[c] ?? null),
    ];
    return (await this.db.run(UPSERT, values)) > 0;
  }

  async summarizeSessions(tenantId: string, projectId: string): Promise<SessionGroup[]> {
    const rows = await this.db.rows<Record<string, unknown>>(SUMMARY, [tenantId, projectId]);
    return rows.map((row) => sessionGroupOf(row, row.recalled === true));
  }

  async recentSessions(tenantId: string, projectId: string, limit: number): Promise<SessionMetricsRecord[]> {
    return (await this.db.rows<Record<string, unknown>>(RECENT, [tenantId, projectId, limit])).map(sessionRecordOf);
  }
}
