// onResponse hook: request metrics by route and status, and one access-log line per request
// (method, route, status, latency, request id; never headers or bodies).
import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';

export function registerAccessLog(app: FastifyInstance, metrics: GatewayMetrics, accessLog: boolean): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.recordRequest(request.method, route, reply.statusCode, seconds);
    if (accessLog) {
      request.log.info(
        { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 },
        'request completed',
      );
    }
  });
}
