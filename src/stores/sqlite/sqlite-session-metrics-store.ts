// SessionMetricsStore on SQLite: one row per session (INSERT OR REPLACE), summed per agent type and
// recall with sum/count, which skip NULLs, so an optional counter counts only where reported.
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
import type { SqliteDatabase } from './database.js';

export class SqliteSessionMetricsStore implements SessionMetricsStore {
  private readonly projectExists;
  private readonly upsert;
  private readonly summary;
  private readonly recent;

  constructor(db: SqliteDatabase) {
    this.projectExists = db.prepare('SELECT 1 FROM memory_projects WHERE tenant_id = ? AND project_id = ?').pluck();
    const columns = SESSION_COUNTERS.map((c) => SESSION_COUNTER_COLUMNS[c]);
    this.upsert = db.prepare(`INSERT OR REPLACE INTO memory_sessions (tenant_id, project_id, session_id, agent_id, branch_name, agent_type,
        milestones_recalled, tool_calls_total, session_duration_secs, started_at, ended_at, ${columns.join(', ')}, recorded_at)
      VALUES (@tenantId, @projectId, @sessionId, @agentId, @branchName, @agentType, @milestonesRecalled, @toolCallsTotal,
        @sessionDurationSecs, @startedAt, @endedAt, ${SESSION_COUNTERS.map((c) => '@' + c).join(', ')}, @recordedAt)`);
    this.summary = db.prepare(`SELECT milestones_recalled > 0 AS recalled, ${sessionGroupColumns()}
      FROM memory_sessions WHERE tenant_id = ? AND project_id = ? GROUP BY agent_type, recalled ORDER BY agent_type, recalled`);
    this.recent = db.prepare(`SELECT ${sessionRecordColumns()} FROM memory_sessions WHERE tenant_id = ? AND project_id = ?
      ORDER BY ended_at DESC, session_id LIMIT ?`);
  }

  async recordSession(metrics: SessionMetricsRecord): Promise<boolean> {
    if (!this.projectExists.get(metrics.tenantId, metrics.projectId)) return false;
    const { counters, ...rest } = metrics;
    const counterParams = Object.fromEntries(SESSION_COUNTERS.map((c) => [c, counters[c] ?? null]));
    this.upsert.run({ ...rest, ...counterParams });
    return true;
  }

  async summarizeSessions(tenantId: string, projectId: string): Promise<SessionGroup[]> {
    const rows = this.summary.all(tenantId, projectId) as Array<Record<string, unknown>>;
    return rows.map((row) => sessionGroupOf(row, row.recalled === 1));
  }

  async recentSessions(tenantId: string, projectId: string, limit: number): Promise<SessionMetricsRecord[]> {
    return (this.recent.all(tenantId, projectId, limit) as Array<Record<string, unknown>>).map(sessionRecordOf);
  }
}
