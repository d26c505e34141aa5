// WorldFlow's gateway stats and coalescer routes: GET /api/v1/stats (uptime, the proxy's health in
// the last 5 minutes of the request log, the caller's tenant's cache and memory counts), GET
// /api/v1/coalescer/stats and POST /api/v1/coalescer/flush (this instance's coalescing).
import type { LayeredCache } from '../../../domain/cache/layered-cache.js';
import type { ProjectService } from '../../../domain/memory/project-service.js';
import type { CompletionPipeline } from '../../../domain/proxy/completion-pipeline.js';
import type { RequestAnalytics } from '../../../domain/request-log/request-analytics.js';
import { coalescerFlushRoute, coalescerStatsRoute, gatewayStatsRoute } from '../../contract/cache-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';

const HEALTH_WINDOW_SECS = 300;
const readAccess = routeConfig({ auth: 'readonly', action: 'read gateway stats' });
const adminAccess = routeConfig({ auth: 'admin', action: 'flush the coalescer' });

export interface GatewayStatsSources {
  cache: LayeredCache | undefined;
  analytics: RequestAnalytics;
  projects: ProjectService;
  pipeline: CompletionPipeline;
}

export function registerGatewayStatsRoutes(app: SynapseApp, sources: GatewayStatsSources): void {
  const startedAt = Date.now();

  app.get('/api/v1/stats', { ...readAccess, schema: gatewayStatsRoute }, async (request) => {
    const tenantId = principalOf(request).tenantId;
    const to = Date.now();
    const window = { tenantId, from: to - HEALTH_WINDOW_SECS * 1000, to };
    const [all, failed, cacheStats, projects] = await Promise.all([
      sources.analytics.list(window, 1, 1),
      sources.analytics.list({ ...window, status: 'server_error' }, 1, 1),
      sources.cache?.exact.stats(tenantId),
      sources.projects.listProjects(tenantId),
    ]);
    const serverErrors = failed.total;
    const status = all.total === 0 ? 'idle' : serverErrors * 2 >= all.total ? 'degraded' : 'healthy';
    return {
      uptime_secs: Math.floor((Date.now() - startedAt) / 1000),
      proxy_health: { status, windowSecs: HEALTH_WINDOW_SECS, requests: all.total, serverErrors } as const,
      cache: cacheStats ? withoutTenants(cacheStats) : null,
      memory: { projects: projects.length, milestones: projects.reduce((sum, project) => sum + project.milestoneCount, 0) },
      coalescer: sources.pipeline.coalescingStats(),
    };
  });

  app.get('/api/v1/coalescer/stats', { ...readAccess, schema: coalescerStatsRoute }, async () => {
    const stats = sources.pipeline.coalescingStats();
    const misses = stats.original + stats.piggybacked;
    return { ...stats, coalescedRatio: misses === 0 ? 0 : Number((stats.piggybacked / misses).toFixed(4)) };
  });

  app.post('/api/v1/coalescer/flush', { ...adminAccess, schema: coalescerFlushRoute }, async () => ({
    flushed: sources.pipeline.flushCoalescing(),
  }));
}

function withoutTenants<T extends { byTenant: unknown }>(stats: T): Omit<T, 'byTenant'> {
  const { byTenant: _, ...rest } = stats;
  return rest;
}
