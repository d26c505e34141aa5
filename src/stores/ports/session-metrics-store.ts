// Port for agent session metrics: one row per (project, sessionId), and their aggregates grouped by
// agent type and by whether the session recalled memory, so the value of recall can be measured.

/** Optional per-session counts (ours, then WorldFlow's); absent ones are not averaged. */
export const SESSION_COUNTERS = [
  'milestonesStored', 'filesModified', 'errorsEncountered', 'tokensUsed', 'userCorrections',
  'compactionCount', 'toolCallsRead', 'toolCallsSearch', 'toolCallsEdit', 'toolCallsExecute', 'toolCallsAgent',
] as const;
export type SessionCounter = (typeof SESSION_COUNTERS)[number];

/** Each counter's column, in both SQL stores. */
export const SESSION_COUNTER_COLUMNS: Record<SessionCounter, string> = {
  milestonesStored: 'milestones_stored',
  filesModified: 'files_modified',
  errorsEncountered: 'errors_encountered',
  tokensUsed: 'tokens_used',
  userCorrections: 'user_corrections',
  compactionCount: 'compaction_count',
  toolCallsRead: 'tool_calls_read',
  toolCallsSearch: 'tool_calls_search',
  toolCallsEdit: 'tool_calls_edit',
  toolCallsExecute: 'tool_calls_execute',
  toolCallsAgent: 'tool_calls_agent',
};

export interface SessionMetricsRecord {
  tenantId: string;
  projectId: string;
  sessionId: string;
  agentId: string;
  /** The branch and the kind of agent the session worked as, when reported. */
  branchName: string | null;
  agentType: string | null;
  milestonesRecalled: number;
  toolCallsTotal: number;
  sessionDurationSecs: number;
  startedAt: string;
  endedAt: string;
  counters: Partial<Record<SessionCounter, number>>;
  recordedAt: string;
}

/** A sum and how many sessions contributed to it. */
export interface Tally {
  sum: number;
  reported: number;
}

/** The sessions of one agent type (null: not reported) with, or without, recall. */
export interface SessionGroup {
  agentType: string | null;
  recalled: boolean;
  sessions: number;
  toolCallsTotal: number;
  sessionDurationSecs: number;
  milestonesRecalled: number;
  counters: Partial<Record<SessionCounter, Tally>>;
  /** Read plus search tool calls, over the sessions that reported either. */
  contextTools: Tally;
  /** Sessions with at least one compaction. */
  compacted: number;
}

export interface SessionMetricsStore {
  /** Records a session, replacing an earlier report with the same sessionId; false without the project. */
  recordSession(metrics: SessionMetricsRecord): Promise<boolean>;
  /** Sums of the project's sessions by agent type and recall (milestonesRecalled > 0). */
  summarizeSessions(tenantId: string, projectId: string): Promise<SessionGroup[]>;
  /** The project's latest sessions, by endedAt, newest first. */
  recentSessions(tenantId: string, projectId: string, limit: number): Promise<SessionMetricsRecord[]>;
}

/** The SELECT list of summarizeSessions, the same on SQLite and PostgreSQL (quoted aliases). */
export function sessionGroupColumns(): string {
  const context = `CASE WHEN tool_calls_read IS NULL AND tool_calls_search IS NULL THEN NULL
      ELSE coalesce(tool_calls_read, 0) + coalesce(tool_calls_search, 0) END`;
  return [
    'agent_type AS "agentType"',
    'count(*) AS "sessions"',
    'sum(tool_calls_total) AS "toolCallsTotal"',
    'sum(session_duration_secs) AS "sessionDurationSecs"',
    'sum(milestones_recalled) AS "milestonesRecalled"',
    ...SESSION_COUNTERS.flatMap((c) => [`sum(${SESSION_COUNTER_COLUMNS[c]}) AS "${c}Sum"`, `count(${SESSION_COUNTER_COLUMNS[c]}) AS "${c}N"`]),
    `sum(${context}) AS "contextToolsSum"`,
    `count(${context}) AS "contextToolsN"`,
    'sum(CASE WHEN compaction_count > 0 THEN 1 ELSE 0 END) AS "compacted"',
  ].join(', ');
}

/** A summarizeSessions row (numbers, or null for a sum over no value) as a SessionGroup. */
export function sessionGroupOf(row: Record<string, unknown>, recalled: boolean): SessionGroup {
  const num = (key: string) => Number(row[key] ?? 0);
  const counters: Partial<Record<SessionCounter, Tally>> = {};
  for (const c of SESSION_COUNTERS) if (num(`${c}N`) > 0) counters[c] = { sum: num(`${c}Sum`), reported: num(`${c}N`) };
  return {
    agentType: typeof row.agentType === 'string' ? row.agentType : null,
    recalled,
    sessions: num('sessions'),
    toolCallsTotal: num('toolCallsTotal'),
    sessionDurationSecs: num('sessionDurationSecs'),
    milestonesRecalled: num('milestonesRecalled'),
    counters,
    contextTools: { sum: num('contextToolsSum'), reported: num('contextToolsN') },
    compacted: num('compacted'),
  };
}

/** The columns of a stored session, aliased to SessionMetricsRecord's names (counters flat). */
export function sessionRecordColumns(): string {
  return [
    'tenant_id AS "tenantId"', 'project_id AS "projectId"', 'session_id AS "sessionId"', 'agent_id AS "agentId"',
    'branch_name AS "branchName"', 'agent_type AS "agentType"', 'milestones_recalled AS "milestonesRecalled"',
    'tool_calls_total AS "toolCallsTotal"', 'session_duration_secs AS "sessionDurationSecs"', 'started_at AS "startedAt"',
    'ended_at AS "endedAt"', 'recorded_at AS "recordedAt"',
    ...SESSION_COUNTERS.map((c) => `${SESSION_COUNTER_COLUMNS[c]} AS "${c}"`),
  ].join(', ');
}

export function sessionRecordOf(row: Record<string, unknown>): SessionMetricsRecord {
  const counters: Partial<Record<SessionCounter, number>> = {};
  for (const c of SESSION_COUNTERS) if (row[c] !== null && row[c] !== undefined) counters[c] = Number(row[c]);
  const text = (key: string) => String(row[key]);
  const maybe = (key: string) => {
    const value = row[key];
    return typeof value === 'string' ? value : null;
  };
  return {
    tenantId: text('tenantId'), projectId: text('projectId'), sessionId: text('sessionId'), agentId: text('agentId'),
    branchName: maybe('branchName'), agentType: maybe('agentType'),
    milestonesRecalled: Number(row.milestonesRecalled), toolCallsTotal: Number(row.toolCallsTotal),
    sessionDurationSecs: Number(row.sessionDurationSecs), startedAt: text('startedAt'), endedAt: text('endedAt'),
    counters, recordedAt: text('recordedAt'),
  };
}
