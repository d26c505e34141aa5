// Schemas of the cache administration routes: statistics, clearing, previews (ours and WorldFlow's
// playground), storing a query/response pair, gateway stats and the coalescer's counters.
import { Type } from 'typebox';
import type { ChatRequestBody } from '../../protocols/chat/chat-types.js';
import { pathParams } from '../path-params.js';
import { chatRequestSchema } from '../routes/proxy/chat-request-schema.js';
import { errorResponses } from './error-schemas.js';

const tags = ['cache'];
const Model = Type.String({ minLength: 1, maxLength: 256 });

const cacheCounts = {
  entries: Type.Integer(),
  hits: Type.Integer(),
  misses: Type.Integer({ description: 'Counted by this process since it started.' }),
  hitRate: Type.Number(),
  tokensSaved: Type.Integer(),
  usdSaved: Type.Number(),
};

export const cacheStatsRoute = {
  operationId: 'getCacheStats',
  summary: "Cache statistics of the caller's tenant (every tenant for operator admins)",
  tags,
  response: {
    200: Type.Object({ ...cacheCounts, byTenant: Type.Array(Type.Object({ tenantId: Type.String(), ...cacheCounts })) }),
    ...errorResponses(403),
  },
};

export const clearCacheRoute = {
  operationId: 'clearCache',
  summary: "Delete the caller's tenant's entries (all, or one model's)",
  tags,
  querystring: Type.Object({ model: Type.Optional(Type.String({ minLength: 1 })) }),
  response: { 200: Type.Object({ deleted: Type.Integer(), model: Type.Optional(Type.String()) }), ...errorResponses(403) },
};

export const deleteCacheEntryRoute = {
  operationId: 'deleteCacheEntry',
  summary: 'Delete one cache entry',
  tags,
  params: pathParams('entryId'),
  response: { 200: Type.Object({ deleted: Type.Literal(true), entryId: Type.String() }), ...errorResponses(403, 404) },
};

const Nearest = Type.Union([
  Type.Object({ entryId: Type.String(), similarity: Type.Number(), rejectedBecause: Type.Optional(Type.String()) }),
  Type.Null(),
]);

export const CachePreviewView = Type.Object({
  action: Type.Enum(['hit', 'miss']),
  prediction: Type.Enum(['hit', 'partial', 'miss'], {
    description: 'partial: a miss whose nearest cached request is at least partialHitThreshold similar.',
  }),
  source: Type.Union([Type.Enum(['exact', 'semantic']), Type.Null()]),
  similarity: Type.Union([Type.Number(), Type.Null()]),
  threshold: Type.Number({ description: "The tenant's cacheHitThreshold." }),
  partialHitThreshold: Type.Number(),
  entryId: Type.Union([Type.String(), Type.Null()]),
  nearest: Nearest,
  exactOnlyBecause: Type.Optional(Type.String()),
});

export const cachePreviewRoute = {
  operationId: 'previewCache',
  summary: 'What the cache would answer to a chat completion request, without calling upstream or counting anything',
  tags,
  body: Type.Unsafe<ChatRequestBody>(chatRequestSchema),
  response: { 200: CachePreviewView, ...errorResponses(403) },
};

export const playgroundPreviewRoute = {
  operationId: 'previewPlaygroundQuery',
  summary: "WorldFlow's playground preview: the cache's prediction for a query (similarity, tier, latency estimate); no LLM call",
  description: 'The query is previewed as the chat request `{model, messages: [{role: user, content: query}]}` (the same logic as POST /api/v1/cache/preview).',
  tags,
  body: Type.Object({ query: Type.String({ minLength: 1, maxLength: 100_000 }), model: Model }),
  response: {
    200: Type.Object({
      query: Type.String(),
      model: Type.String(),
      cacheHit: Type.Boolean(),
      tier: Type.Enum(['L1', 'L2', 'NONE'], { description: 'L1: exact, L2: semantic, NONE: a miss.' }),
      similarity: Type.Union([Type.Number(), Type.Null()], { description: 'Of the match, else of the nearest cached query, else null.' }),
      estimatedLatencyMs: Type.Union([Type.Integer(), Type.Null()], {
        description: "The median latency of the tenant's hits (for a hit) or upstream answers (for a miss) over the last 7 days; null without data.",
      }),
      preview: CachePreviewView,
    }),
    ...errorResponses(403),
  },
};

export const storePairRoute = {
  operationId: 'storeCachePair',
  summary: 'Store a query and its answer as a cache entry: an identical chat request is then an exact hit, a paraphrase a semantic one',
  tags,
  body: Type.Object({
    query: Type.String({ minLength: 1, maxLength: 100_000 }),
    response: Type.String({ minLength: 1 }),
    model: Model,
    session_id: Type.Optional(Type.String({ maxLength: 256 })),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Accepted and not kept.' })),
    ttlSecs: Type.Optional(Type.Integer({ minimum: 1, maximum: 31_536_000, description: "The entry's TTL; the tenant's l1TtlSecs by default." })),
  }),
  response: {
    200: Type.Object({
      success: Type.Literal(true),
      cache_key: Type.Integer({ description: 'A number below 2^53 derived from entryId.' }),
      entryId: Type.String({ description: 'The entry id (DELETE /api/v1/cache/{entryId}).' }),
    }),
    ...errorResponses(403),
  },
};

export const gatewayStatsRoute = {
  operationId: 'getGatewayStats',
  summary: "Gateway stats: uptime, the proxy's recent health, and the caller's tenant's cache and memory counts",
  tags: ['observability'],
  response: {
    200: Type.Object({
      uptime_secs: Type.Integer({ description: 'Seconds since this gateway instance started.' }),
      proxy_health: Type.Object({
        status: Type.Enum(['healthy', 'degraded', 'idle'], {
          description: 'idle: no proxy request in the window; degraded: at least half of them failed (status 500 or above); else healthy.',
        }),
        windowSecs: Type.Integer(),
        requests: Type.Integer(),
        serverErrors: Type.Integer(),
      }),
      cache: Type.Union([Type.Object(cacheCounts), Type.Null()], { description: 'null when the cache is off.' }),
      memory: Type.Object({ projects: Type.Integer(), milestones: Type.Integer() }),
      coalescer: Type.Object({ inFlight: Type.Integer(), original: Type.Integer(), piggybacked: Type.Integer() }),
    }),
    ...errorResponses(403),
  },
};

const CoalescerStats = Type.Object({
  inFlight: Type.Integer({ description: 'Upstream calls in flight that identical misses would join now.' }),
  original: Type.Integer({ description: 'Misses that called upstream, since this instance started.' }),
  piggybacked: Type.Integer({ description: "Misses that shared another request's call (this instance's or another's)." }),
  coalescedRatio: Type.Number({ description: 'piggybacked / (original + piggybacked); 0 before any miss.' }),
});

export const coalescerStatsRoute = {
  operationId: 'getCoalescerStats',
  summary: "This instance's request coalescing counters",
  tags: ['observability'],
  response: { 200: CoalescerStats, ...errorResponses(403) },
};

export const coalescerFlushRoute = {
  operationId: 'flushCoalescer',
  summary: 'Forget the calls in flight: their callers still get their answers, new identical misses start calls of their own',
  tags: ['observability'],
  response: { 200: Type.Object({ flushed: Type.Integer({ description: 'Calls forgotten.' }) }), ...errorResponses(403) },
};
