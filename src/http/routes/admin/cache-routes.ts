// Cache administration: GET /api/v1/cache/stats (the caller's tenant; every tenant for operator
// admins), DELETE /api/v1/cache (the caller's tenant, all or ?model=), DELETE /api/v1/cache/{entryId}.
import type { FastifyInstance } from 'fastify';
import type { ResponseCache } from '../../../domain/cache/response-cache.js';
import { SynapseError } from '../../../errors.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator } from '../tenant-scope.js';

const adminAccess = routeConfig({ auth: 'admin', action: 'manage the cache' });

export function registerCacheRoutes(app: FastifyInstance, cache: ResponseCache, operatorTenant: string): void {
  app.get('/api/v1/cache/stats', adminAccess, async (request) => {
    const principal = principalOf(request);
    return cache.stats(isOperator(principal, operatorTenant) ? undefined : principal.tenantId);
  });

  app.delete(
    '/api/v1/cache',
    { ...adminAccess, schema: { querystring: { type: 'object', properties: { model: { type: 'string', minLength: 1 } } } } },
    async (request) => {
      const { model } = request.query as { model?: string };
      const deleted = await cache.clear(principalOf(request).tenantId, model);
      return { deleted, ...(model ? { model } : {}) };
    },
  );

  app.delete('/api/v1/cache/:entryId', adminAccess, async (request) => {
    const { entryId } = request.params as { entryId: string };
    if (!(await cache.deleteEntry(principalOf(request).tenantId, entryId))) {
      throw new SynapseError('not_found', { what: `cache entry '${entryId}'` });
    }
    return { deleted: true, entryId };
  });
}
