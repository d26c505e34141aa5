// Cache administration: GET /api/v1/cache/stats (the caller's tenant; every tenant for operator
// admins), DELETE /api/v1/cache (the caller's tenant, all or ?model=), DELETE /api/v1/cache/{entryId},
// and POST /api/v1/cache/preview: what the cache would do for a request, without calling upstream.
import type { FastifyInstance } from 'fastify';
import { computeCacheKey } from '../../../domain/cache/cache-key.js';
import type { LayeredCache } from '../../../domain/cache/layered-cache.js';
import { chatProtocol } from '../../../protocols/chat/chat-protocol.js';
import type { ChatRequestBody } from '../../../protocols/chat/chat-types.js';
import { SynapseError } from '../../../errors.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { chatRequestSchema } from '../proxy/chat-request-schema.js';
import { isOperator } from '../tenant-scope.js';

const adminAccess = routeConfig({ auth: 'admin', action: 'manage the cache' });
/** A preview takes a chat request as the proxy does, any text included; it only reads by key hash. */
const previewAccess = routeConfig({ auth: 'admin', action: 'manage the cache', anyText: true });

export function registerCacheRoutes(app: FastifyInstance, layered: LayeredCache, operatorTenant: string): void {
  const cache = layered.exact;
  app.post(
    '/api/v1/cache/preview',
    { ...previewAccess, schema: { body: chatRequestSchema } },
    async (request) => {
      const tenantId = principalOf(request).tenantId;
      const body = request.body as ChatRequestBody;
      return layered.preview(tenantId, computeCacheKey(tenantId, chatProtocol.keyMaterial(body)), chatProtocol.semanticView(body));
    },
  );

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
