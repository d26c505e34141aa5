// After each response: request metrics by route and status, and one access-log line per request
// (method, route, status, latency, request id; never headers or bodies).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../domain/logger.js';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

/** `accessLog` is the root logger, or undefined when access logging is off. */
export function responseRecorder(
  metrics: GatewayMetrics,
  accessLog: Logger | undefined,
): (request: FastifyRequest, reply: FastifyReply) => void {
  return (request, reply) => {
    const route = request.route?.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    metrics.recordRequest(request.method, route, reply.statusCode, ms / 1000);
    // The root logger with the id as a field: cheaper than the request's child logger.
    accessLog?.info(
      { requestId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(ms * 100) / 100 },
      'request completed',
    );
  };
}
