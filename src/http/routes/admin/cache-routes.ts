// Cache administration: GET /api/v1/cache/stats (the caller's tenant; every tenant for operator
// admins), DELETE /api/v1/cache (the caller's tenant, all or ?model=), DELETE /api/v1/cache/{entryId},
// POST /api/v1/cache (WorldFlow's: store a query/response pair as an entry), POST
// /api/v1/cache/preview and WorldFlow's POST /api/v1/playground/preview: what the cache would do
// for a request, without calling upstream (one preview, two wire shapes).
import { computeCacheKey } from '../../../domain/cache/cache-key.js';
import type { CachePreview, LayeredCache } from '../../../domain/cache/layered-cache.js';
import { storePair } from '../../../domain/cache/stored-pair.js';
import type { RequestAnalytics } from '../../../domain/request-log/request-analytics.js';
import { chatProtocol } from '../../../protocols/chat/chat-protocol.js';
import type { ChatRequestBody } from '../../../protocols/chat/chat-types.js';
import { SynapseError } from '../../../errors.js';
import {
  cachePreviewRoute, cacheStatsRoute, clearCacheRoute, deleteCacheEntryRoute, playgroundPreviewRoute, storePairRoute,
} from '../../contract/cache-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator } from '../tenant-scope.js';

const adminAccess = routeConfig({ auth: 'admin', action: 'manage the cache' });
/** A preview takes a chat request as the proxy does, any text included; it only reads by key hash. */
const previewAccess = routeConfig({ auth: 'admin', action: 'manage the cache', anyText: true });
const LATENCY_WINDOW_MS = 7 * 86_400_000;

export function registerCacheRoutes(app: SynapseApp, layered: LayeredCache, analytics: RequestAnalytics, operatorTenant: string): void {
  const cache = layered.exact;

  app.post('/api/v1/cache/preview', { ...previewAccess, schema: cachePreviewRoute }, async (request) =>
    previewChat(layered, principalOf(request).tenantId, request.body),
  );

  app.post('/api/v1/playground/preview', { ...previewAccess, schema: playgroundPreviewRoute }, async (request) => {
    const tenantId = principalOf(request).tenantId;
    const { query, model } = request.body;
    const preview = await previewChat(layered, tenantId, { model, messages: [{ role: 'user', content: query }] });
    const now = Date.now();
    const latency = await analytics.latency({ tenantId, from: now - LATENCY_WINDOW_MS, to: now });
    const median = preview.action === 'hit' ? latency.hits.p50 : latency.misses.p50;
    return {
      query,
      model,
      cacheHit: preview.action === 'hit',
      tier: preview.source === 'exact' ? ('L1' as const) : preview.source === 'semantic' ? ('L2' as const) : ('NONE' as const),
      similarity: preview.similarity ?? preview.nearest?.similarity ?? null,
      estimatedLatencyMs: median === null ? null : Math.round(median),
      preview,
    };
  });

  app.post('/api/v1/cache', { ...adminAccess, schema: storePairRoute }, async (request) => {
    const { query, response, model, ttlSecs } = request.body;
    const stored = await storePair(layered, principalOf(request).tenantId, { query, response, model, ...(ttlSecs !== undefined ? { ttlSecs } : {}) });
    return { success: true as const, cache_key: stored.cacheKey, entryId: stored.entryId };
  });

  app.get('/api/v1/cache/stats', { ...adminAccess, schema: cacheStatsRoute }, async (request) => {
    const principal = principalOf(request);
    return cache.stats(isOperator(principal, operatorTenant) ? undefined : principal.tenantId);
  });

  app.delete('/api/v1/cache', { ...adminAccess, schema: clearCacheRoute }, async (request) => {
    const { model } = request.query;
    const deleted = await cache.clear(principalOf(request).tenantId, model);
    return { deleted, ...(model ? { model } : {}) };
  });

  app.delete('/api/v1/cache/:entryId', { ...adminAccess, schema: deleteCacheEntryRoute }, async (request) => {
    const { entryId } = request.params;
    if (!(await cache.deleteEntry(principalOf(request).tenantId, entryId))) {
      throw new SynapseError('not_found', { what: `cache entry '${entryId}'` });
    }
    return { deleted: true as const, entryId };
  });
}

function previewChat(layered: LayeredCache, tenantId: string, body: ChatRequestBody): Promise<CachePreview> {
  return layered.preview(tenantId, computeCacheKey(tenantId, chatProtocol.keyMaterial(body)), chatProtocol.semanticView(body));
}
