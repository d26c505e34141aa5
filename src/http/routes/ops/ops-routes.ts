// Operations endpoints, no credentials: /health (process up), /ready (the storage and every other
// backend in the readiness list answer). /metrics is registered beside them (metrics-route.ts).
import { SynapseError } from '../../../errors.js';
import type { Storage } from '../../../stores/ports/storage.js';
import { healthRoute, readyRoute } from '../../contract/ops-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { routeConfig } from '../../route-config.js';
import type { ReadinessCheck } from './readiness-check.js';

const publicAccess = routeConfig({ auth: 'public' });

export function registerOpsRoutes(app: SynapseApp, storage: Storage, more: ReadinessCheck[] = []): void {
  const checks: ReadinessCheck[] = [{ name: 'storage', check: () => storage.ping() }, ...more];

  app.get('/health', { ...publicAccess, schema: healthRoute }, async () => ({ status: 'ok' as const }));

  app.get('/ready', { ...publicAccess, schema: readyRoute }, async () => {
    const results = await Promise.allSettled(checks.map((entry) => entry.check()));
    const failed = checks.filter((_, i) => results[i]!.status === 'rejected').map((entry) => entry.name);
    if (failed.length > 0) {
      const cause = results.find((result) => result.status === 'rejected')?.reason;
      throw new SynapseError('service_unavailable', { detail: `${failed.join(' and ')} not reachable` }, { cause });
    }
    const passed = Object.fromEntries(checks.map((entry) => [entry.name, 'ok' as const]));
    return { status: 'ready' as const, storage: storage.backend, checks: passed };
  });
}
