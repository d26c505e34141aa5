// The listener of its own that serves /metrics when a metrics port is configured
// (SYNAPSE_METRICS_PORT), so that the API's port does not expose it: only /metrics, with the same
// token check and error shape as on the API's port.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { addErrorSchemas } from './contract/error-schemas.js';
import type { SynapseApp } from './contract/synapse-app.js';
import { registerErrorHandling } from './error-handling.js';
import { generateRequestId } from './request-id.js';
import { registerMetricsRoute } from './routes/ops/metrics-route.js';

export function buildMetricsApp(metrics: GatewayMetrics, token: string | undefined, logger: Logger): SynapseApp {
  const app = Fastify({
    loggerInstance: logger.child({ listener: 'metrics' }) as FastifyBaseLogger,
    genReqId: generateRequestId,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  addErrorSchemas(app);
  registerErrorHandling(app, 1024);
  registerMetricsRoute(app, metrics, token);
  return app;
}
