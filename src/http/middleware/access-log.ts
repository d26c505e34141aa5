// After each response: request metrics by route and status, and one access-log line per request
// (method, route, status, latency, request id; never headers or bodies).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

export function responseRecorder(metrics: GatewayMetrics, accessLog: boolean): (request: FastifyRequest, reply: FastifyReply) => void {
  return (request, reply) => {
    const route = request.route?.url ?? 'unmatched';
    metrics.recordRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (accessLog) {
      request.log.info(
        { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 },
        'request completed',
      );
    }
  };
}
