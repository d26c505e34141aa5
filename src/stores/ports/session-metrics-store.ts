// Port for agent session metrics: one row per (project, sessionId), and their aggregates split by
// whether the session recalled memory, so the value of recall can be measured.

export const SESSION_COUNTERS = ['milestonesStored', 'filesModified', 'errorsEncountered', 'tokensUsed', 'userCorrections'] as const;
export type SessionCounter = (typeof SESSION_COUNTERS)[number];

export interface SessionMetricsRecord {
  tenantId: string;
  projectId: string;
  sessionId: string;
  agentId: string;
  milestonesRecalled: number;
  toolCallsTotal: number;
  sessionDurationSecs: number;
  startedAt: string;
  endedAt: string;
  /** Optional counters; absent ones are not averaged. */
  counters: Partial<Record<SessionCounter, number>>;
  recordedAt: string;
}

export interface SessionGroupStats {
  sessions: number;
  avgToolCalls: number | null;
  avgDurationSecs: number | null;
  avgMilestonesRecalled: number | null;
  /** Average of each optional counter over the sessions that reported it. */
  counters: Partial<Record<SessionCounter, number>>;
}

export interface SessionMetricsStore {
  /** Records a session, replacing an earlier report with the same sessionId; false without the project. */
  recordSession(metrics: SessionMetricsRecord): Promise<boolean>;
  /** Aggregates of the project's sessions with (milestonesRecalled > 0) and without recall. */
  summarizeSessions(tenantId: string, projectId: string): Promise<{ withRecall: SessionGroupStats; withoutRecall: SessionGroupStats }>;
}
