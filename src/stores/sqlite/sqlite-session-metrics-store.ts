// SessionMetricsStore on SQLite: one row per session, aggregated with AVG (which skips NULLs,
// so an optional counter is averaged over the sessions that reported it).
import {
  SESSION_COUNTERS,
  type SessionCounter,
  type SessionGroupStats,
  type SessionMetricsRecord,
  type SessionMetricsStore,
} from '../ports/session-metrics-store.js';
import type { SqliteDatabase } from './database.js';

const COUNTER_COLUMNS: Record<SessionCounter, string> = {
  milestonesStored: 'milestones_stored',
  filesModified: 'files_modified',
  errorsEncountered: 'errors_encountered',
  tokensUsed: 'tokens_used',
  userCorrections: 'user_corrections',
};

export class SqliteSessionMetricsStore implements SessionMetricsStore {
  private readonly projectExists;
  private readonly upsert;
  private readonly summary;

  constructor(db: SqliteDatabase) {
    this.projectExists = db.prepare('SELECT 1 FROM memory_projects WHERE tenant_id = ? AND project_id = ?').pluck();
    const columns = Object.values(COUNTER_COLUMNS);
    this.upsert = db.prepare(`INSERT OR REPLACE INTO memory_sessions (tenant_id, project_id, session_id, agent_id,
        milestones_recalled, tool_calls_total, session_duration_secs, started_at, ended_at, ${columns.join(', ')}, recorded_at)
      VALUES (@tenantId, @projectId, @sessionId, @agentId, @milestonesRecalled, @toolCallsTotal, @sessionDurationSecs,
        @startedAt, @endedAt, ${SESSION_COUNTERS.map((c) => '@' + c).join(', ')}, @recordedAt)`);
    this.summary = db.prepare(`SELECT milestones_recalled > 0 AS recalled, count(*) AS sessions,
        avg(tool_calls_total) AS avgToolCalls, avg(session_duration_secs) AS avgDurationSecs,
        avg(milestones_recalled) AS avgMilestonesRecalled,
        ${SESSION_COUNTERS.map((c) => `avg(${COUNTER_COLUMNS[c]}) AS ${c}`).join(', ')}
      FROM memory_sessions WHERE tenant_id = ? AND project_id = ? GROUP BY recalled`);
  }

  async recordSession(metrics: SessionMetricsRecord): Promise<boolean> {
    if (!this.projectExists.get(metrics.tenantId, metrics.projectId)) return false;
    const { counters, ...rest } = metrics;
    const counterParams = Object.fromEntries(SESSION_COUNTERS.map((c) => [c, counters[c] ?? null]));
    this.upsert.run({ ...rest, ...counterParams });
    return true;
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
    for (const row of this.summary.all(tenantId, projectId) as Array<Record<string, number | null>>) {
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
