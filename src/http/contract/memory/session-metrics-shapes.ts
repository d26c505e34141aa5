// Response shapes of session metrics: the recorded acknowledgement and the summary (WorldFlow's
// flat comparison of sessions with and without memory, with our recall groups as extras).
import { Type, type Static } from 'typebox';

const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const RecordedSessionShape = Type.Object({
  recorded: Type.Literal(true),
  projectId: Type.String(),
  sessionId: Type.String(),
  recordedAt: Type.String(),
});
export type RecordedSession = Static<typeof RecordedSessionShape>;

const RecallGroupShape = Type.Object({
  sessions: Type.Integer({ minimum: 0 }),
  avgToolCalls: nullableNumber,
  avgDurationSecs: nullableNumber,
  avgMilestonesRecalled: nullableNumber,
  counters: Type.Record(Type.String(), Type.Number(), { description: 'The average of each optional counter, over the sessions that reported it.' }),
});

const pct = (description: string) => Type.Number({ description: `${description}, in percent (0 unless both groups reported it).` });

export const SessionSummaryShape = Type.Object({
  projectId: Type.String(),
  totalSessions: Type.Integer({ minimum: 0 }),
  sessionsWithMemory: Type.Integer({ minimum: 0, description: 'Sessions that recalled at least one milestone.' }),
  sessionsWithoutMemory: Type.Integer({ minimum: 0 }),
  avgCompactionsWithMemory: Type.Number({ description: 'Average compactionCount of the sessions with memory that reported it (0 when none did).' }),
  avgCompactionsWithoutMemory: Type.Number(),
  compactionReductionPct: pct('How many fewer compactions sessions with memory had'),
  avgContextToolsWithMemory: Type.Number({ description: 'Average read plus search tool calls (toolCallsRead + toolCallsSearch).' }),
  avgContextToolsWithoutMemory: Type.Number(),
  contextToolReductionPct: pct('How many fewer context tool calls sessions with memory made'),
  avgDurationWithMemorySecs: Type.Number(),
  avgDurationWithoutMemorySecs: Type.Number(),
  contextRecoveryRate: Type.Number({ minimum: 0, maximum: 1, description: 'Of the sessions with a compaction, the share that recalled memory (0 when none compacted).' }),
  sessionsByAgentType: Type.Array(
    Type.Object({
      agentType: Type.String({ description: '`unknown` for sessions reported without one.' }),
      sessionCount: Type.Integer({ minimum: 0 }),
      avgCompactionReductionPct: Type.Number(),
      avgContextToolReductionPct: Type.Number(),
    }),
  ),
  recentSessions: Type.Array(
    Type.Object({
      sessionId: Type.String(),
      agentId: Type.String(),
      agentType: Type.Union([Type.String(), Type.Null()]),
      branchName: Type.Union([Type.String(), Type.Null()]),
      usedMemory: Type.Boolean(),
      milestonesRecalled: Type.Integer(),
      toolCallsTotal: Type.Integer(),
      compactionCount: Type.Union([Type.Integer(), Type.Null()]),
      sessionDurationSecs: Type.Number(),
      startedAt: Type.String(),
      endedAt: Type.String(),
    }),
    { description: 'The latest sessions (at most 10), newest first.' },
  ),
  withRecall: RecallGroupShape,
  withoutRecall: RecallGroupShape,
  difference: Type.Object({ avgToolCalls: nullableNumber, avgDurationSecs: nullableNumber }, { description: 'With recall minus without, when both have sessions.' }),
});
export type SessionMetricsSummary = Static<typeof SessionSummaryShape>;
