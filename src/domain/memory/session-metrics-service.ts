// Session metrics: agents report each session (memory recalled, tool calls by kind, compactions,
// duration); the summary compares sessions with memory (milestonesRecalled > 0) against those
// without, overall and per agent type, in WorldFlow's flat shape, with our recall groups as extras.
import { SynapseError } from '../../errors.js';
import type { SessionCounter, SessionGroup, SessionMetricsRecord, SessionMetricsStore, Tally } from '../../stores/ports/session-metrics-store.js';
import { isoTime } from './memory-ids.js';

export interface SessionMetricsInput {
  sessionId: string;
  agentId: string;
  branchName?: string;
  agentType?: string;
  milestonesRecalled: number;
  toolCallsTotal: number;
  sessionDurationSecs: number;
  startedAt: string;
  endedAt: string;
  counters: Partial<Record<SessionCounter, number>>;
}

/** How many sessions the summary lists under recentSessions. */
export const RECENT_SESSIONS = 10;

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
      branchName: input.branchName ?? null,
      agentType: input.agentType ?? null,
      milestonesRecalled: input.milestonesRecalled,
      toolCallsTotal: input.toolCallsTotal,
      sessionDurationSecs: input.sessionDurationSecs,
      counters: input.counters,
      startedAt: isoTime(Date.parse(input.startedAt)),
      endedAt: isoTime(Date.parse(input.endedAt)),
      recordedAt,
    });
    if (!stored) throw new SynapseError('not_found', { what: `project '${projectId}'` });
    return { recorded: true as const, projectId, sessionId: input.sessionId, recordedAt };
  }

  async summary(tenantId: string, projectId: string) {
    const groups = await this.sessions.summarizeSessions(tenantId, projectId);
    const recent = await this.sessions.recentSessions(tenantId, projectId, RECENT_SESSIONS);
    const withMemory = merge(groups.filter((g) => g.recalled));
    const withoutMemory = merge(groups.filter((g) => !g.recalled));
    const compared = compare(withMemory, withoutMemory);
    const compacted = withMemory.compacted + withoutMemory.compacted;
    const agentTypes = [...new Set(groups.map((g) => g.agentType ?? 'unknown'))].sort();
    return {
      projectId,
      totalSessions: withMemory.sessions + withoutMemory.sessions,
      sessionsWithMemory: withMemory.sessions,
      sessionsWithoutMemory: withoutMemory.sessions,
      ...compared,
      contextRecoveryRate: compacted === 0 ? 0 : round(withMemory.compacted / compacted),
      sessionsByAgentType: agentTypes.map((agentType) => {
        const ofType = groups.filter((g) => (g.agentType ?? 'unknown') === agentType);
        const typed = compare(merge(ofType.filter((g) => g.recalled)), merge(ofType.filter((g) => !g.recalled)));
        return {
          agentType,
          sessionCount: ofType.reduce((sum, g) => sum + g.sessions, 0),
          avgCompactionReductionPct: typed.compactionReductionPct,
          avgContextToolReductionPct: typed.contextToolReductionPct,
        };
      }),
      recentSessions: recent.map(recentView),
      withRecall: groupView(withMemory),
      withoutRecall: groupView(withoutMemory),
      difference: {
        avgToolCalls: delta(average(withMemory.toolCallsTotal, withMemory.sessions), average(withoutMemory.toolCallsTotal, withoutMemory.sessions)),
        avgDurationSecs: delta(average(withMemory.sessionDurationSecs, withMemory.sessions), average(withoutMemory.sessionDurationSecs, withoutMemory.sessions)),
      },
    };
  }
}

/** WorldFlow's comparison: averages with and without memory, and how much lower with (percent). */
function compare(withMemory: SessionGroup, withoutMemory: SessionGroup) {
  const compactions = (g: SessionGroup) => tallyAverage(g.counters.compactionCount);
  const contextTools = (g: SessionGroup) => tallyAverage(g.contextTools);
  const duration = (g: SessionGroup) => average(g.sessionDurationSecs, g.sessions);
  return {
    avgCompactionsWithMemory: round(compactions(withMemory) ?? 0),
    avgCompactionsWithoutMemory: round(compactions(withoutMemory) ?? 0),
    compactionReductionPct: reductionPct(compactions(withMemory), compactions(withoutMemory)),
    avgContextToolsWithMemory: round(contextTools(withMemory) ?? 0),
    avgContextToolsWithoutMemory: round(contextTools(withoutMemory) ?? 0),
    contextToolReductionPct: reductionPct(contextTools(withMemory), contextTools(withoutMemory)),
    avgDurationWithMemorySecs: round(duration(withMemory) ?? 0),
    avgDurationWithoutMemorySecs: round(duration(withoutMemory) ?? 0),
  };
}

/** One group out of several (agent types): sums add up. */
function merge(groups: SessionGroup[]): SessionGroup {
  const add = (a: Tally | undefined, b: Tally | undefined): Tally | undefined =>
    a && b ? { sum: a.sum + b.sum, reported: a.reported + b.reported } : (a ?? b);
  const merged: SessionGroup = {
    agentType: null, recalled: false, sessions: 0, toolCallsTotal: 0, sessionDurationSecs: 0, milestonesRecalled: 0,
    counters: {}, contextTools: { sum: 0, reported: 0 }, compacted: 0,
  };
  for (const g of groups) {
    merged.sessions += g.sessions;
    merged.toolCallsTotal += g.toolCallsTotal;
    merged.sessionDurationSecs += g.sessionDurationSecs;
    merged.milestonesRecalled += g.milestonesRecalled;
    merged.contextTools = add(merged.contextTools, g.contextTools)!;
    merged.compacted += g.compacted;
    for (const [counter, tally] of Object.entries(g.counters) as Array<[SessionCounter, Tally]>) {
      const sum = add(merged.counters[counter], tally);
      if (sum) merged.counters[counter] = sum;
    }
  }
  return merged;
}

function groupView(g: SessionGroup) {
  const counters: Partial<Record<SessionCounter, number>> = {};
  for (const [counter, tally] of Object.entries(g.counters) as Array<[SessionCounter, Tally]>) counters[counter] = round(tally.sum / tally.reported);
  return {
    sessions: g.sessions,
    avgToolCalls: roundOrNull(average(g.toolCallsTotal, g.sessions)),
    avgDurationSecs: roundOrNull(average(g.sessionDurationSecs, g.sessions)),
    avgMilestonesRecalled: roundOrNull(average(g.milestonesRecalled, g.sessions)),
    counters,
  };
}

function recentView(s: SessionMetricsRecord) {
  return {
    sessionId: s.sessionId,
    agentId: s.agentId,
    agentType: s.agentType,
    branchName: s.branchName,
    usedMemory: s.milestonesRecalled > 0,
    milestonesRecalled: s.milestonesRecalled,
    toolCallsTotal: s.toolCallsTotal,
    compactionCount: s.counters.compactionCount ?? null,
    sessionDurationSecs: s.sessionDurationSecs,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
  };
}

function average(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}

function tallyAverage(tally: Tally | undefined): number | null {
  return tally && tally.reported > 0 ? tally.sum / tally.reported : null;
}

/** How much lower `withMemory` is than `withoutMemory`, in percent; 0 unless both groups reported it. */
function reductionPct(withMemory: number | null, withoutMemory: number | null): number {
  if (withMemory === null || withoutMemory === null || withoutMemory <= 0) return 0;
  return round(((withoutMemory - withMemory) / withoutMemory) * 100);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}

/** With recall minus without, when both groups have sessions. */
function delta(withRecall: number | null, withoutRecall: number | null): number | null {
  return withRecall === null || withoutRecall === null ? null : round(withRecall - withoutRecall);
}
