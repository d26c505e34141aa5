// Session metrics: agents report each session so teams can compare sessions with and without recall.
import { segment, type RequestOptions, type Transport } from './transport.js';
import type { RecordedSession, SessionMetricsInput, SessionMetricsSummary } from './types.js';

export class SessionMetrics {
  constructor(private readonly transport: Transport) {}

  /**
   * Records one agent session.
   * @example
   * await synapse.metrics.record('my-project', {
   *   sessionId: 's-1', agentId: 'claude-1', milestonesRecalled: 3, toolCallsTotal: 42,
   *   sessionDurationSecs: 600, startedAt: '2026-02-10T14:00:00Z', endedAt: '2026-02-10T14:10:00Z',
   * });
   */
  record(projectId: string, input: SessionMetricsInput, options?: RequestOptions): Promise<RecordedSession> {
    return this.transport.json({ method: 'POST', path: `/api/v1/memory/projects/${segment(projectId)}/metrics`, body: input, options });
  }

  /**
   * Sessions with recall compared with sessions without.
   * @example
   * const summary = await synapse.metrics.summary('my-project');
   */
  summary(projectId: string, options?: RequestOptions): Promise<SessionMetricsSummary> {
    return this.transport.json({ method: 'GET', path: `/api/v1/memory/projects/${segment(projectId)}/metrics/summary`, options });
  }
}
