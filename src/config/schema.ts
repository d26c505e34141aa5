// The validated configuration object and its defaults. Every key is documented in
// docs/configuration.md; src/config/load.ts fills it from synapse.config.json and the environment.
import { z } from 'zod';
import { SEARCH_EF } from '../domain/cache/semantic/vectors/hnsw-partition.js';

const positiveInt = z.number().int().positive();

/** Chosen from the measurements in docs/cache-quality.md. */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.96;
const nonNegativeInt = z.number().int().nonnegative();

export const upstreamSchema = z.object({
  /** A name for logs and metrics. */
  name: z.string().min(1),
  /** `openai`: an OpenAI-compatible API; `anthropic`: the Anthropic Messages API. */
  kind: z.enum(['openai', 'anthropic']).default('openai'),
  /**
   * Base URL: for `openai` including its `/v1` part; for `anthropic` the root, as Anthropic's SDKs
   * read ANTHROPIC_BASE_URL (the gateway calls `<baseUrl>/v1/messages`).
   */
  baseUrl: z.url(),
  /** Provider key (`Authorization: Bearer` or `x-api-key` by kind); a client's own key replaces it per request. */
  apiKey: z.string().optional(),
  /** Model names served by this upstream; a trailing `*` matches a prefix, `*` alone matches all. */
  models: z.array(z.string().min(1)).min(1),
  /** Extra headers sent on every call (e.g. `api-key` for Azure OpenAI). */
  headers: z.record(z.string(), z.string()).default({}),
});

export const rateLimitRulesSchema = z.object({
  proxyRps: z.number().positive().default(60),
  memoryReadRps: z.number().positive().default(100),
  memoryWriteRps: z.number().positive().default(50),
  /** Token exchanges per minute, per client address. */
  tokenPerMin: z.number().positive().default(10),
});

export const configSchema = z.object({
  host: z.string().default('0.0.0.0'),
  port: nonNegativeInt.max(65535).default(8080),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed, for the client address
   * (the per-address token-exchange limit, logs): false (none), a hop count, or addresses/CIDRs.
   */
  trustProxy: z.union([z.boolean(), nonNegativeInt, z.string().min(1)]).default(false),
  dataDir: z.string().default('./data'),
  /** HS256 secret for JWTs; generated and persisted in dataDir when absent. */
  jwtSecret: z.string().min(32).optional(),
  /** Lifetime of the JWTs POST /api/v1/auth/token issues (SPEC: 86400). */
  tokenLifetimeSecs: positiveInt.default(86_400),
  /** An admin API key for tenant `default`, created at start if missing. */
  bootstrapKey: z.string().min(16).optional(),
  /** Admins of this tenant may manage keys and settings of every tenant. */
  operatorTenant: z.string().default('default'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** One log line per request (method, route, status, latency, request id; never bodies or keys).
   *  Off by default: it costs a quarter of a cache hit's throughput (docs/benchmarks.md). */
  accessLog: z.boolean().default(false),
  /**
   * Exact-cache hits from memory are answered before Fastify's routing and hooks, with the same
   * checks, headers and records (src/http/hit-shortcut/). Off: every request goes through Fastify.
   */
  hitShortcut: z.boolean().default(true),
  bodyLimitBytes: positiveInt.default(4 * 1024 * 1024),
  shutdownGraceMs: positiveInt.default(10_000),
  /**
   * Answer every model from the built-in mock provider instead of the upstreams: no network, no
   * key, deterministic answers, every response marked `x-synapse-mock: true`. For trying Synapse
   * and for testing an application offline.
   */
  mock: z.boolean().default(false),
  upstreams: z.array(upstreamSchema).min(1),
  upstream: z
    .object({
      timeoutMs: positiveInt.default(30_000),
      maxRetries: nonNegativeInt.max(10).default(2),
      retryBaseMs: positiveInt.default(250),
      retryMaxMs: positiveInt.default(8_000),
      /** Connections kept open to each upstream origin. */
      connections: positiveInt.default(128),
    })
    .prefault({}),
  cache: z
    .object({
      enabled: z.boolean().default(true),
      ttlSecs: positiveInt.default(86_400),
      /** The longest lifetime a request may choose with x-synapse-cache-ttl (7 days). */
      maxTtlSecs: positiveInt.default(7 * 86_400),
      /** Upper bound on stored entries; the least recently used are evicted past it. */
      maxEntries: positiveInt.default(100_000),
      /** Entries kept decoded in memory in front of the store (LRU). */
      memoryEntries: nonNegativeInt.default(10_000),
      /** Upper bound on the memory those entries take (approximate, bytes). */
      memoryBytes: positiveInt.default(256 * 1024 * 1024),
      /** Responses larger than this are served but not cached. */
      maxEntryBytes: positiveInt.default(1024 * 1024),
      /**
       * async: new entries are written behind, in batches a few milliseconds apart (a crash loses
       * those of the last moments); sync: an answer is acknowledged only once its entry is written.
       */
      durability: z.enum(['async', 'sync']).default('async'),
      semantic: z
        .object({
          /** Serve paraphrases of cached requests (after verification), not only exact repeats. */
          enabled: z.boolean().default(true),
          /** Cosine similarity a paraphrase needs before it is verified; see docs/cache-quality.md. */
          threshold: z.number().gt(0).lte(1).default(DEFAULT_SEMANTIC_THRESHOLD),
          /**
           * Memory budget of the semantic index (estimated bytes); past it the least recently used
           * entries leave the index (they stay cached for exact repeats). 0: no bound.
           */
          indexBytes: nonNegativeInt.default(1024 * 1024 * 1024),
          /** Entries of one partition from which dense vectors are searched in an HNSW graph (hnswlib-node) instead of scanned. */
          annFrom: positiveInt.default(4096),
          /** Search beam of those HNSW graphs: higher finds the exact nearest entry more often, more slowly. */
          annEf: positiveInt.max(4096).default(SEARCH_EF),
          /**
           * Write the HNSW graphs under dataDir/semantic-index (in the background and at shutdown)
           * and read them back at start instead of rebuilding them.
           */
          annSnapshot: z.boolean().default(true),
        })
        .prefault({}),
    })
    .prefault({}),
  embeddings: z
    .object({
      /** builtin: offline, no download; openai: any OpenAI-compatible /v1/embeddings; onnx: a local model directory. */
      provider: z.enum(['builtin', 'openai', 'onnx']).default('builtin'),
      model: z.string().min(1).default('text-embedding-3-small'),
      /** Base URL of the embeddings API (openai); defaults to the catch-all upstream's. */
      baseUrl: z.url().optional(),
      apiKey: z.string().optional(),
      dimensions: positiveInt.optional(),
      batchSize: positiveInt.max(2048).default(64),
      timeoutMs: positiveInt.default(10_000),
      /** A directory holding an ONNX sentence-embedding model (onnx). */
      modelDir: z.string().optional(),
    })
    .prefault({}),
  /** PostgreSQL for every store instead of SQLite (see docs/deployment.md); absent: SQLite in dataDir. */
  database: z
    .object({
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
      /** Schema holding Synapse's tables, created if missing; one per gateway deployment. */
      schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').default('public'),
      poolSize: positiveInt.default(10),
      connectTimeoutMs: positiveInt.default(5_000),
      statementTimeoutMs: positiveInt.default(10_000),
    })
    .prefault({}),
  /** Who may read /metrics, and where it is served. */
  metrics: z
    .object({
      /** A bearer token /metrics requires; absent: open, like /health. */
      token: z.string().min(16, 'must be at least 16 characters').optional(),
      /** Serve /metrics on this port only, not on the API's; absent: on the API's port. */
      port: nonNegativeInt.max(65535).optional(),
      /** Address of that metrics listener; absent: the API's `host`. */
      host: z.string().min(1).optional(),
    })
    .prefault({}),
  /** Redis for limits and shared cache state across instances; absent: in-process only. */
  redis: z
    .object({
      url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
      /** Prepended to every key and channel, so deployments can share one Redis. */
      keyPrefix: z.string().default('synapse:'),
      connectTimeoutMs: positiveInt.default(5_000),
      commandTimeoutMs: positiveInt.default(1_000),
    })
    .prefault({}),
  /**
   * Anthropic Messages requests for these models are translated to chat completions and sent to the
   * OpenAI-compatible upstream as the mapped model: `{"claude-opus-*": "gpt-5.1"}` (`*` matches any
   * run of characters; the first matching pattern wins). Unmapped models go to the Anthropic
   * upstream when one is configured, else they are translated under their own name.
   */
  modelMap: z.record(z.string().min(1), z.string().min(1)).default({}),
  memory: z
    .object({
      /** A model (routed like any proxied one) that writes intelligence answers; absent: extractive answers. */
      intelligenceModel: z.string().min(1).optional(),
    })
    .prefault({}),
  /** The request log (docs/request-log.md): one row per proxied call. */
  log: z
    .object({
      enabled: z.boolean().default(true),
      /** Keep request and response bodies (truncated; never headers or credentials). */
      bodies: z.boolean().default(false),
      retentionDays: z.number().int().min(1).max(3650).default(30),
    })
    .prefault({}),
  /** USD per million tokens by model name prefix, overriding the bundled price table. */
  pricing: z
    .record(z.string().min(1), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }))
    .default({}),
  rateLimits: z
    .object({
      enabled: z.boolean().default(true),
      defaults: rateLimitRulesSchema.prefault({}),
      /** Failed authentications (wrong key or token) per minute per client address before it is blocked. */
      authFailuresPerMin: z.number().positive().default(20),
      /** Multipliers applied to the defaults for each tier an admin can assign. */
      tiers: z
        .object({
          starter: z.number().positive().default(1),
          pro: z.number().positive().default(5),
          enterprise: z.number().positive().default(20),
        })
        .prefault({}),
    })
    .prefault({}),
}).superRefine((config, context) => {
  if (config.metrics.port !== undefined && config.metrics.port !== 0 && config.metrics.port === config.port) {
    context.addIssue({ code: 'custom', path: ['metrics', 'port'], message: 'must differ from port (PORT): it is a listener of its own' });
  }
});

export type Config = z.infer<typeof configSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
export type RateLimitRules = z.infer<typeof rateLimitRulesSchema>;
export type DatabaseConfig = Config['database'];
export type RedisConfig = Config['redis'];
export type RateLimitTier = keyof Config['rateLimits']['tiers'];
