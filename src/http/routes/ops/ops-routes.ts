// Operations endpoints, no credentials: /health (process up), /ready (the storage and every other
// backend in the readiness list answer). /metrics is registered beside them (metrics-route.ts).
import type { FastifyInstance } from 'fastify';
import { SynapseError } from '../../../errors.js';
import type { Storage } from '../../../stores/storage.js';
import { routeConfig } from '../../route-config.js';
import type { ReadinessCheck } from './readiness-check.js';

const publicAccess = routeConfig({ auth: 'public' });

export function registerOpsRoutes(app: FastifyInstance, storage: Storage, more: ReadinessCheck[] = []): void {
  const checks: ReadinessCheck[] = [{ name: 'storage', check: () => storage.ping() }, ...more];

  app.get('/health', publicAccess, async () => ({ status: 'ok' }));

  app.get('/ready', publicAccess, async () => {
    const results = await Promise.allSettled(checks.map((entry) => entry.check()));
    const failed = checks.filter((_, i) => results[i]!.status === 'rejected').map((entry) => entry.name);
    if (failed.length > 0) {
      const cause = results.find((result) => result.status === 'rejected')?.reason;
      throw new SynapseError('service_unavailable', { detail: `${failed.join(' and ')} not reachable` }, { cause });
    }
    const details = checks.filter((entry) => entry.details).map((entry) => [entry.name, entry.details!()]);
    return {
      status: 'ready',
      storage: storage.backend,
      checks: Object.fromEntries(checks.map((entry) => [entry.name, 'ok'])),
      ...(details.length > 0 ? { details: Object.fromEntries(details) } : {}),
    };
  });
}
