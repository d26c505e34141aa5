// The composition root: opens the stores, builds every service from the configuration and
// hands them to the HTTP app. main.ts, the CLI and the tests all start a gateway through here.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp, type AppDependencies } from './app.js';
import { loadOrCreateJwtSecret } from './config/jwt-secret.js';
import type { Config } from './config/schema.js';
import { ApiKeyService, type CreatedKey } from './domain/auth/api-key-service.js';
import { Authenticator } from './domain/auth/authenticator.js';
import { TokenIssuer } from './domain/auth/token-issuer.js';
import { ResponseCache } from './domain/cache/response-cache.js';
import { ChatCompletionService } from './domain/proxy/chat-completion-service.js';
import { UpstreamCaller } from './domain/proxy/upstream-caller.js';
import { MemoryRateLimiter } from './domain/ratelimit/memory-rate-limiter.js';
import { RateLimitPolicy } from './domain/ratelimit/rate-limit-policy.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { OpenAiCompatibleProvider } from './providers/openai-compatible/openai-compatible-provider.js';
import { UpstreamRouter } from './providers/upstream-router.js';
import { openStorage } from './stores/open-storage.js';

export interface Gateway {
  app: FastifyInstance;
  deps: AppDependencies;
  /** The admin key created on a first start with no keys, to be shown once. */
  firstAdminKey: CreatedKey | undefined;
  close(): Promise<void>;
}

export interface GatewayOptions {
  now?: () => number;
}

export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const now = options.now ?? Date.now;
  const storage = openStorage(config);
  try {
    const metrics = new GatewayMetrics();
    const apiKeys = new ApiKeyService(storage.apiKeys, now);
    if (config.bootstrapKey) await apiKeys.ensureBootstrapKey(config.bootstrapKey);
    const firstAdminKey = await apiKeys.createFirstAdminKey();
    const tokens = new TokenIssuer(config.jwtSecret ?? loadOrCreateJwtSecret(config.dataDir), now);
    const rateLimitPolicy = new RateLimitPolicy({
      defaults: config.rateLimits.defaults,
      tierMultipliers: config.rateLimits.tiers,
      settings: storage.settings,
    });
    await rateLimitPolicy.load();
    const rateLimiter = new MemoryRateLimiter(now);
    const router = new UpstreamRouter(
      config.upstreams.map((upstream) => ({
        config: upstream,
        provider: new OpenAiCompatibleProvider({
          name: upstream.name,
          baseUrl: upstream.baseUrl,
          ...(upstream.apiKey ? { apiKey: upstream.apiKey } : {}),
          headers: upstream.headers,
          timeoutMs: config.upstream.timeoutMs,
          connections: config.upstream.connections,
        }),
      })),
    );
    const caller = new UpstreamCaller(
      { maxRetries: config.upstream.maxRetries, baseMs: config.upstream.retryBaseMs, maxMs: config.upstream.retryMaxMs },
      metrics,
    );
    const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] });
    let cache: ResponseCache | undefined;
    if (config.cache.enabled) {
      cache = new ResponseCache(storage.cache, config.cache, logger, now);
      await cache.start();
    }
    const chat = new ChatCompletionService(router, caller, cache, metrics, logger);
    const deps: AppDependencies = {
      config,
      storage,
      apiKeys,
      tokens,
      authenticator: new Authenticator(apiKeys, tokens),
      rateLimiter,
      rateLimitPolicy,
      router,
      caller,
      cache,
      chat,
      metrics,
      logger,
    };
    const app = buildApp(deps);
    return {
      app,
      deps,
      firstAdminKey,
      async close() {
        await app.close();
        await cache?.close();
        await rateLimiter.close();
        await router.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
