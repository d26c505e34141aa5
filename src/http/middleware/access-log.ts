// After each response: request metrics by route and status, and one access-log line per request
// (method, route, status, latency, request id; never headers or bodies). The same recorder serves
// routed requests (app.ts's onResponse hook) and hits answered by the shortcut (src/http/hit-shortcut/).
import type { AccessLine, AccessLogger } from '../../access-logger.js';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

/** One answered request: `route` is the matched route's pattern (`unmatched` when none), `ms` its latency. */
export type AnsweredRequest = AccessLine;

export type ResponseRecorder = (answered: AnsweredRequest) => void;

/** `accessLog` is undefined when access logging is off. */
export function responseRecorder(metrics: GatewayMetrics, accessLog: AccessLogger | undefined): ResponseRecorder {
  return (answered) => {
    metrics.recordRequest(answered.method, answered.route, answered.status, answered.ms / 1000);
    accessLog?.write(answered);
  };
}
