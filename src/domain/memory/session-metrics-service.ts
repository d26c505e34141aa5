// Session metrics: agents report each session (how much memory they recalled, tool calls,
// duration, optional counters); the summary compares sessions with recall against those without.
import { SynapseError } from '../../errors.js';
import type { SessionCounter, SessionGroupStats, SessionMetricsStore } from '../../stores/ports/session-metrics-store.js';
import { isoTime } from './memory-ids.js';

export interface SessionMetricsInput {
  sessionId: string;
  agentId: string;
  milestonesRecalled: number;
  toolCallsTotal: number;
  sessionDurationSecs: number;
  startedAt: string;
  endedAt: string;
  counters: Partial<Record<SessionCounter, number>>;
}

export class SessionMetricsService {
  constructor(
    private readonly sessions: SessionMetricsStore,
    private readonly now: () => number,
  ) {}

  async record(tenantId: string, projectId: string, input: SessionMetricsInput) {
    for (const field of ['startedAt', 'endedAt'] as const) {
      if (Number.isNaN(Date.parse(input[field]))) throw new SynapseError('validation_failed', { detail: `${field} is not a valid date-time` });
    }
    if (Date.parse(input.endedAt) < Date.parse(input.startedAt)) {
      throw new SynapseError('validation_failed', { detail: 'endedAt must not be before startedAt' });
    }
    const recordedAt = isoTime(this.now());
    const stored = await this.sessions.recordSession({
      tenantId,
      projectId,
      sessionId: input.sessionId,
      agentId: input.agentId,
      milestonesRecalled: input.milestonesRecalled,
      toolCallsTotal: input.toolCallsTotal,
      sessionDurationSecs: input.sessionDurationSecs,
      counters: input.counters,
      startedAt: isoTime(Date.parse(input.startedAt)),
      endedAt: isoTime(Date.parse(input.endedAt)),
      recordedAt,
    });
    if (!stored) throw new SynapseError('not_found', { what: `project '${projectId}'` });
    return { recorded: true, projectId, sessionId: input.sessionId, recordedAt };
  }

  async summary(tenantId: string, projectId: string) {
    const { withRecall, withoutRecall } = await this.sessions.summarizeSessions(tenantId, projectId);
    return {
      projectId,
      totalSessions: withRecall.sessions + withoutRecall.sessions,
      withRecall: rounded(withRecall),
      withoutRecall: rounded(withoutRecall),
      difference: {
        avgToolCalls: delta(withRecall.avgToolCalls, withoutRecall.avgToolCalls),
        avgDurationSecs: delta(withRecall.avgDurationSecs, withoutRecall.avgDurationSecs),
      },
    };
  }
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function rounded(stats: SessionGroupStats): SessionGroupStats {
  const counters = Object.fromEntries(Object.entries(stats.counters).map(([k, v]) => [k, round(v)]));
  return {
    sessions: stats.sessions,
    avgToolCalls: round(stats.avgToolCalls),
    avgDurationSecs: round(stats.avgDurationSecs),
    avgMilestonesRecalled: round(stats.avgMilestonesRecalled),
    counters,
  };
}

/** With recall minus without, when both groups have sessions. */
function delta(withRecall: number | null, withoutRecall: number | null): number | null {
  return withRecall === null || withoutRecall === null ? null : round(withRecall - withoutRecall);
}
