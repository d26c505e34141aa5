// The composition root: opens the stores, builds every service from the configuration and
// hands them to the HTTP app. main.ts, the CLI and the tests all start a gateway through here.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { openAccessLogger } from './access-logger.js';
import { buildApp, type AppDependencies } from './app.js';
import { buildMetricsApp } from './http/metrics-app.js';
import { resolveJwtSecret } from './config/jwt-secret.js';
import type { Config, UpstreamConfig } from './config/schema.js';
import { AgentSessionTracker } from './domain/agents/agent-session-tracker.js';
import { PriceTable } from './domain/cache/model-prices.js';
import { RequestAnalytics } from './domain/request-log/request-analytics.js';
import { RequestLogWriter } from './domain/request-log/request-log-writer.js';
import { ApiKeyService, type CreatedKey } from './domain/auth/api-key-service.js';
import { Authenticator } from './domain/auth/authenticator.js';
import { FailedAuthGuard } from './domain/auth/failed-auth-guard.js';
import { TokenIssuer } from './domain/auth/token-issuer.js';
import { LayeredCache } from './domain/cache/layered-cache.js';
import { ResponseCache } from './domain/cache/response-cache.js';
import { verifyEquivalent } from './domain/cache/semantic/equivalence-verifier.js';
import { SemanticCache } from './domain/cache/semantic/semantic-cache.js';
import { vectorSpaceOf } from './domain/cache/semantic/vectors/vector-space.js';
import { loadHnsw } from './domain/cache/semantic/vectors/hnsw-library.js';
import type { TieredDenseOptions } from './domain/cache/semantic/vectors/tiered-dense-index.js';
import type { Embedder } from './domain/cache/semantic/embedder.js';
import type { ReadinessCheck } from './http/routes/ops/readiness-check.js';
import type { SharedCacheTier } from './stores/ports/shared-cache-tier.js';
import { ThresholdPolicy } from './domain/cache/threshold-policy.js';
import { connectClusterSync } from './domain/cluster/cluster-sync.js';
import { chatServiceAnswerer } from './domain/memory/intelligence/llm-answer.js';
import { createMemoryServices, type MemoryServices } from './domain/memory/memory-services.js';
import { MilestoneSearch } from './domain/memory/search/milestone-search.js';
import { CompletionPipeline } from './domain/proxy/completion-pipeline.js';
import { ModelMap } from './domain/proxy/model-map.js';
import { newGatewayId } from './domain/proxy/upstream-loop.js';
import { UpstreamCaller } from './domain/proxy/upstream-caller.js';
import { RateLimitPolicy, tenantBucketKey } from './domain/ratelimit/rate-limit-policy.js';
import type { RateLimiter } from './stores/ports/rate-limiter.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { createEmbedder } from './providers/embeddings/create-embedder.js';
import { anthropicProvider } from './providers/anthropic/anthropic-provider.js';
import { MOCK_HEADER, mockUpstreams } from './providers/mock/mock-provider.js';
import { openAiCompatibleProvider } from './providers/openai-compatible/openai-compatible-provider.js';
import type { UpstreamProvider } from './providers/upstream-provider.js';
import { openCluster } from './open-cluster.js';
import { UpstreamRouter } from './providers/upstream-router.js';
import { openStorage } from './stores/open-storage.js';
import type { Storage } from './stores/ports/storage.js';

export interface Gateway {
  app: FastifyInstance;
  /** The listener of its own for /metrics when `metrics.port` is set (the caller listens on it). */
  metricsApp: FastifyInstance | undefined;
  deps: AppDependencies;
  /** The admin key created on a first start with no keys, to be shown once. */
  firstAdminKey: CreatedKey | undefined;
  /**
   * Resolves when what start left loading in the background (the memory search's and the semantic cache's vector indexes) is
   * loaded; the gateway serves before that (`/ready` names what is still loading).
   */
  loaded(): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  now?: () => number;
}

export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const now = options.now ?? Date.now;
  const storage = await openStorage(config);
  const closers: Array<() => Promise<void>> = [];
  try {
    const metrics = new GatewayMetrics();
    const apiKeys = new ApiKeyService(storage.apiKeys, now);
    if (config.bootstrapKey) await apiKeys.ensureBootstrapKey(config.bootstrapKey);
    const firstAdminKey = await apiKeys.createFirstAdminKey();
    const tokens = new TokenIssuer(await resolveJwtSecret(config.jwtSecret, config.dataDir, storage.secrets), now, config.tokenLifetimeSecs);
    const rateLimitPolicy = new RateLimitPolicy({
      defaults: config.rateLimits.defaults,
      tierMultipliers: config.rateLimits.tiers,
      settings: storage.settings,
    });
    await rateLimitPolicy.load();
    const gatewayId = newGatewayId();
    const router = new UpstreamRouter(config.mock ? mockUpstreams() : httpUpstreams(config, gatewayId));
    const caller = new UpstreamCaller(
      { maxRetries: config.upstream.maxRetries, baseMs: config.upstream.retryBaseMs, maxMs: config.upstream.retryMaxMs },
      metrics,
    );
    const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] });
    const accessLog = config.accessLog ? openAccessLogger(config.logLevel) : undefined;
    if (accessLog) closers.push(async () => accessLog.close());
    if (config.mock) {
      logger.warn(`mock provider: every model is answered by Synapse itself, no upstream is called (responses carry ${MOCK_HEADER}: true)`);
    }
    const cluster = await openCluster(config, metrics, logger, now); // Redis-backed when configured
    closers.push(() => cluster.close());
    const rateLimiter = cluster.rateLimiter;
    const thresholds = new ThresholdPolicy(
      { cacheHitThreshold: config.cache.semantic.threshold, ttlSecs: config.cache.ttlSecs },
      storage.settings,
    );
    await thresholds.load();
    const caches = config.cache.enabled ? await openCaches(config, storage, thresholds, metrics, logger, now, cluster.cacheTier) : undefined;
    closers.push(async () => caches?.close());
    const cache = caches?.layered;
    const prices = new PriceTable(config.pricing);
    const pipeline = new CompletionPipeline(caller, cache, metrics, logger, cluster.coalescer, prices);
    const memory = await openMemory(config, storage, { pipeline, router, cache, rateLimiter, rateLimitPolicy, logger, now });
    if (cluster.shared) {
      connectClusterSync({ bus: cluster.bus, cache, thresholds, rateLimits: rateLimitPolicy, memorySearch: memory.search, logger });
    }
    closers.push(() => memory.close());
    const agentSessions = new AgentSessionTracker(storage.agentSessions, logger, { now });
    agentSessions.start();
    closers.push(() => agentSessions.close());
    const requestLog = new RequestLogWriter(storage.requestLog, logger, {
      enabled: config.log.enabled,
      retentionDays: config.log.retentionDays,
      now,
    });
    requestLog.start();
    closers.push(() => requestLog.close());
    const deps: AppDependencies = {
      config,
      storage,
      apiKeys,
      tokens,
      authenticator: new Authenticator(apiKeys, tokens),
      ...(config.rateLimits.enabled
        ? { authFailures: new FailedAuthGuard(rateLimiter, { limit: config.rateLimits.authFailuresPerMin, windowSecs: 60 }, logger, now) }
        : {}),
      rateLimiter,
      rateLimitPolicy,
      router,
      caller,
      cache,
      thresholds,
      pipeline,
      modelMap: new ModelMap(config.modelMap),
      gatewayId,
      memory: memory.services,
      agentSessions,
      callLog: { writer: requestLog, metrics, prices, bodies: config.log.bodies },
      analytics: new RequestAnalytics(storage.requestLog, requestLog),
      metrics,
      logger,
      ...(accessLog ? { accessLog } : {}),
      readiness: [...cluster.readiness, { name: 'memory_search', check: async () => memory.search.state() }, ...(caches?.readiness ?? [])],
    };
    const app = await buildApp(deps);
    const metricsApp = config.metrics.port === undefined ? undefined : buildMetricsApp(metrics, config.metrics.token, logger);
    return {
      app,
      metricsApp,
      deps,
      firstAdminKey,
      loaded: async () => {
        await Promise.all([memory.search.whenLoaded(), caches?.layered.semantic?.whenLoaded()]);
      },
      async close() {
        await app.close();
        await metricsApp?.close();
        for (const close of closers) await close();
        await rateLimiter.close();
        await router.close();
        await storage.close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    await storage.close();
    throw error;
  }
}

/** One HTTP upstream per configured entry, OpenAI-compatible or Anthropic. */
function httpUpstreams(config: Config, gatewayId: string): Array<{ config: UpstreamConfig; provider: UpstreamProvider }> {
  return config.upstreams.map((upstream) => {
    const options = {
      name: upstream.name,
      baseUrl: upstream.baseUrl,
      ...(upstream.apiKey ? { apiKey: upstream.apiKey } : {}),
      headers: upstream.headers,
      timeoutMs: config.upstream.timeoutMs,
      connections: config.upstream.connections,
      gatewayId,
    };
    const provider = upstream.kind === 'anthropic' ? anthropicProvider(options) : openAiCompatibleProvider(options);
    return { config: upstream, provider };
  });
}

/** The embedder settings to use: in mock mode an `openai` embedder would call out, so the built-in one stands in. */
function embedderConfig(config: Config): Config {
  return config.mock && config.embeddings.provider === 'openai' ? { ...config, embeddings: { ...config.embeddings, provider: 'builtin' } } : config;
}

/** The exact cache, and the semantic layer over it unless switched off. */
async function openCaches(
  config: Config,
  storage: Storage,
  thresholds: ThresholdPolicy,
  metrics: GatewayMetrics,
  logger: Logger,
  now: () => number,
  sharedTier: SharedCacheTier,
): Promise<{ layered: LayeredCache; readiness: ReadinessCheck[]; close(): Promise<void> }> {
  const exact = new ResponseCache(storage.cache, config.cache, logger, now, sharedTier);
  await exact.start();
  if (!config.cache.semantic.enabled) {
    return { layered: new LayeredCache(exact, undefined, thresholds), readiness: [], close: () => exact.close() };
  }
  const embedder = await createEmbedder(embedderConfig(config));
  const ann = denseIndexChoice(embedder, config.cache.semantic, config.cache.semantic.annSnapshot ? join(config.dataDir, SNAPSHOT_DIR) : undefined, logger);
  const options = { indexBytes: config.cache.semantic.indexBytes, textsInMemory: Math.max(config.cache.memoryEntries, 1000) };
  const space = vectorSpaceOf(embedder, ann.options);
  const semantic = new SemanticCache(space, verifyEquivalent, storage.cache, metrics, logger, () => exact.flushWrites(), now, options);
  exact.onRemoved((tenantId, cacheKey) => semantic.remove(tenantId, cacheKey));
  void semantic.start(); // in the background: the exact layer serves meanwhile (see /ready)
  return {
    layered: new LayeredCache(exact, semantic, thresholds),
    // Always passes (exact matches are served while the index loads): `loading`, then `ok`; its
    // details say how far it is.
    readiness: [{ name: 'semantic_index', check: async () => semanticCheckWord(semantic.state().state), details: () => ({ ...semantic.state(), denseIndex: ann.describe }) }],
    async close() {
      await semantic.close();
      await exact.close();
      await embedder.close?.();
    },
  };
}

/** The semantic index's load state as /ready words it, like the memory search's: `ok`, `loading`, `failed`. */
function semanticCheckWord(state: 'loading' | 'ready' | 'failed'): string {
  return state === 'ready' ? 'ok' : state;
}

/** Where the HNSW graphs' snapshot is kept, under the data directory (cache.semantic.annSnapshot). */
const SNAPSHOT_DIR = 'semantic-index';

/** How dense vectors are searched: HNSW graphs for large partitions when hnswlib-node loads, else exact scans (logged). */
function denseIndexChoice(
  embedder: Embedder,
  { annFrom, annEf }: { annFrom: number; annEf: number },
  snapshotDir: string | undefined,
  logger: Logger,
): { options: TieredDenseOptions | undefined; describe: string } {
  if (embedder.sparse) return { options: undefined, describe: 'not used (sparse vectors, inverted index)' };
  const hnsw = loadHnsw();
  if (!hnsw.library) {
    logger.warn({ reason: hnsw.reason }, 'semantic cache: no HNSW index; dense vectors are scanned exactly');
    return { options: { library: undefined, annFrom }, describe: `exact scan (${hnsw.reason})` };
  }
  const snapshot = snapshotDir ? `, snapshot in ${snapshotDir}` : ', no snapshot';
  return {
    options: { library: hnsw.library, annFrom, searchEf: annEf, ...(snapshotDir ? { snapshotDir } : {}) },
    describe: `hnsw from ${annFrom} entries per partition, ef ${annEf}${snapshot}`,
  };
}

/** The memory API's services, with hybrid search over its own embedder (lexical only without one). */
async function openMemory(
  config: Config,
  storage: Storage,
  shared: {
    pipeline: CompletionPipeline;
    router: UpstreamRouter;
    cache: LayeredCache | undefined;
    rateLimiter: RateLimiter;
    rateLimitPolicy: RateLimitPolicy;
    logger: Logger;
    now: () => number;
  },
): Promise<{ services: MemoryServices; search: MilestoneSearch; close(): Promise<void> }> {
  const { logger, now } = shared;
  const embedder = await createEmbedder(embedderConfig(config)).catch((error: unknown) => {
    logger.warn({ err: error }, 'memory search: no embedder; ranking by words only');
    return undefined;
  });
  const search = new MilestoneSearch(storage.memory, embedder && vectorSpaceOf(embedder), logger);
  search.startInBackground();
  const model = config.memory.intelligenceModel;
  // The LLM call takes a token from the tenant's proxy bucket, as a proxied request would.
  const admit = async (tenantId: string) =>
    !config.rateLimits.enabled ||
    (await shared.rateLimiter.consume(tenantBucketKey('proxy', tenantId), shared.rateLimitPolicy.ruleFor(tenantId, 'proxy'))).allowed;
  const services = createMemoryServices({
    memory: storage.memory,
    contributors: storage.contributors,
    sessionMetrics: storage.sessionMetrics,
    cache: storage.cache,
    search,
    flushCache: async () => shared.cache?.exact.flushWrites(),
    answerer: model ? chatServiceAnswerer(shared.pipeline, shared.router, model, admit) : undefined,
    intelligenceModel: model,
    rateLimiter: shared.rateLimiter,
    logger,
    now,
  });
  return {
    services,
    search,
    async close() {
      await search.close();
      await embedder?.close?.();
    },
  };
}
