// After each response: request metrics by route and status, and one access-log line per request
// (method, route, status, latency, request id; never headers or bodies). The same recorder serves
// routed requests (app.ts's onResponse hook) and hits answered by the shortcut (src/http/hit-shortcut/).
import type { Logger } from '../../domain/logger.js';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

/** One answered request: `route` is the matched route's pattern (`unmatched` when none), `ms` its latency. */
export interface AnsweredRequest {
  requestId: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

export type ResponseRecorder = (answered: AnsweredRequest) => void;

/** `accessLog` is the root logger, or undefined when access logging is off. */
export function responseRecorder(metrics: GatewayMetrics, accessLog: Logger | undefined): ResponseRecorder {
  return ({ requestId, method, route, status, ms }) => {
    metrics.recordRequest(method, route, status, ms / 1000);
    // The root logger with the id as a field: cheaper than the request's child logger.
    accessLog?.info({ requestId, method, route, status, ms: Math.round(ms * 100) / 100 }, 'request completed');
  };
}
