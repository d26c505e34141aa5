// Operations endpoints, no credentials: /health (process up), /ready (storage answers), /metrics.
import type { FastifyInstance } from 'fastify';
import { SynapseError } from '../../../errors.js';
import type { GatewayMetrics } from '../../../metrics/gateway-metrics.js';
import type { Storage } from '../../../stores/storage.js';
import { routeConfig } from '../../route-config.js';

const publicAccess = routeConfig({ auth: 'public' });

export function registerOpsRoutes(app: FastifyInstance, storage: Storage, metrics: GatewayMetrics): void {
  app.get('/health', publicAccess, async () => ({ status: 'ok' }));

  app.get('/ready', publicAccess, async () => {
    try {
      await storage.ping();
    } catch (error) {
      throw new SynapseError('service_unavailable', { detail: 'storage is not reachable' }, { cause: error });
    }
    return { status: 'ready', storage: storage.backend };
  });

  app.get('/metrics', publicAccess, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
