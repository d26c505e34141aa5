// GET /metrics in Prometheus' text format. Open by default, like /health; with a metrics token
// (SYNAPSE_METRICS_TOKEN) it needs `Authorization: Bearer <token>`. It is served on the API's port,
// or on a listener of its own (src/http/metrics-app.ts) when a metrics port is configured.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SynapseError } from '../../../errors.js';
import type { GatewayMetrics } from '../../../metrics/gateway-metrics.js';
import { metricsRoute } from '../../contract/ops-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { routeConfig } from '../../route-config.js';

export function registerMetricsRoute(app: SynapseApp, metrics: GatewayMetrics, token: string | undefined): void {
  const allowed = token === undefined ? () => true : bearerCheck(token);
  app.get('/metrics', { ...routeConfig({ auth: 'public' }), schema: metricsRoute }, async (request, reply) => {
    if (!allowed(request.headers.authorization)) throw new SynapseError('metrics_unauthorized');
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** Compares digests, so the time taken says nothing about the token's length or content. */
function bearerCheck(token: string): (header: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return match !== null && timingSafeEqual(createHash('sha256').update(match[1]!).digest(), expected);
  };
}
