// Builds the HTTP app from its dependencies: hooks, error mapping and routes. No globals, so
// tests can build as many isolated apps as they like.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { Config } from './config/schema.js';
import type { AgentSessionTracker } from './domain/agents/agent-session-tracker.js';
import type { RequestAnalytics } from './domain/request-log/request-analytics.js';
import { registerCallLog, type CallRecorder } from './http/routes/proxy/call-log.js';
import { registerRequestLogRoutes } from './http/routes/logs/request-log-routes.js';
import type { ApiKeyService } from './domain/auth/api-key-service.js';
import type { Authenticator } from './domain/auth/authenticator.js';
import type { FailedAuthGuard } from './domain/auth/failed-auth-guard.js';
import type { TokenIssuer } from './domain/auth/token-issuer.js';
import type { LayeredCache } from './domain/cache/layered-cache.js';
import type { ThresholdPolicy } from './domain/cache/threshold-policy.js';
import type { MemoryServices } from './domain/memory/memory-services.js';
import type { CompletionPipeline } from './domain/proxy/completion-pipeline.js';
import type { ModelMap } from './domain/proxy/model-map.js';
import type { UpstreamCaller } from './domain/proxy/upstream-caller.js';
import type { RateLimitPolicy } from './domain/ratelimit/rate-limit-policy.js';
import type { RateLimiter } from './stores/ports/rate-limiter.js';
import { packageVersion } from './cli/package-version.js';
import { registerOpenApi } from './http/contract/openapi.js';
import type { SynapseApp } from './http/contract/synapse-app.js';
import { registerErrorHandling } from './http/error-handling.js';
import { answerFailedExpectation, clientErrorHandler, frameworkErrorAnswer } from './http/framework-errors.js';
import type { AccessLogger } from './access-logger.js';
import { responseRecorder } from './http/middleware/access-log.js';
import { authenticationStep, decoratePrincipal } from './http/middleware/authenticate.js';
import { registerJsonBodyParser } from './http/middleware/json-body-parser.js';
import { registerGracefulDrain } from './http/middleware/graceful-drain.js';
import { loopGuardStep } from './http/middleware/loop-guard.js';
import { registerMockMarker } from './http/middleware/mock-marker.js';
import { rateLimitStep } from './http/middleware/rate-limit.js';
import { registerStorableTextCheck } from './http/middleware/storable-text.js';
import { beginRequest, composeRequestSteps, decorateRoute, type RequestStep } from './http/middleware/request-steps.js';
import { addPathIdSchemas, MAX_PATH_SEGMENT_LENGTH } from './http/path-params.js';
import { HitShortcut } from './http/hit-shortcut/hit-shortcut.js';
import { generateRequestId } from './http/request-id.js';
import { registerCacheRoutes } from './http/routes/admin/cache-routes.js';
import { registerRateLimitRoutes } from './http/routes/admin/rate-limit-routes.js';
import { registerGatewayStatsRoutes } from './http/routes/admin/gateway-stats-routes.js';
import { registerThresholdRoutes } from './http/routes/admin/threshold-routes.js';
import { registerAgentSessionRoutes } from './http/routes/agents/agent-session-routes.js';
import { registerTokenRoutes } from './http/routes/auth/token-routes.js';
import { registerDashboardRoutes } from './http/routes/dashboard/dashboard-routes.js';
import { registerKeyRoutes } from './http/routes/keys/key-routes.js';
import { registerMemoryRoutes } from './http/routes/memory/memory-routes.js';
import { registerMetricsRoute } from './http/routes/ops/metrics-route.js';
import { registerOpsRoutes } from './http/routes/ops/ops-routes.js';
import type { ReadinessCheck } from './http/routes/ops/readiness-check.js';
import { registerMessagesRoutes } from './http/routes/proxy/messages-routes.js';
import { registerProxyRoutes } from './http/routes/proxy/proxy-routes.js';
import { registerResponsesRoutes } from './http/routes/proxy/responses-routes.js';
import { compileValidator } from './http/validation.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { UpstreamRouter } from './providers/upstream-router.js';
import type { Storage } from './stores/ports/storage.js';

export interface AppDependencies {
  config: Config;
  storage: Storage;
  apiKeys: ApiKeyService;
  tokens: TokenIssuer;
  authenticator: Authenticator;
  /** Limits failed authentications per client address; absent when rate limits are off. */
  authFailures?: FailedAuthGuard;
  rateLimiter: RateLimiter;
  rateLimitPolicy: RateLimitPolicy;
  router: UpstreamRouter;
  caller: UpstreamCaller;
  cache: LayeredCache | undefined;
  thresholds: ThresholdPolicy;
  pipeline: CompletionPipeline;
  /** SYNAPSE_MODEL_MAP: Anthropic model names answered by OpenAI-compatible models. */
  modelMap: ModelMap;
  /** This gateway's id, carried by its upstream calls so that a call that comes back is refused. */
  gatewayId: string;
  memory: MemoryServices;
  /** Proxy usage per agent session; the proxy records into it, the agent-sessions routes read it. */
  agentSessions: AgentSessionTracker;
  /** The request log: the proxy records each call into it, the log and analytics routes read it. */
  callLog: CallRecorder;
  analytics: RequestAnalytics;
  metrics: GatewayMetrics;
  logger: PinoLogger;
  /** The access log (src/access-logger.ts), present when it is on. */
  accessLog?: AccessLogger;
  /** Backends /ready asks besides the storage (Redis when configured). */
  readiness?: ReadinessCheck[];
  /** The built dashboard (ui/, by `npm run build`); dist/dashboard by default. */
  dashboardDir?: string;
}

export async function buildApp(deps: AppDependencies): Promise<SynapseApp> {
  const { config } = deps;
  const hits = new HitShortcut();
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: generateRequestId,
    // Fastify's own per-request lines are off; src/http/middleware/access-log.ts writes one line.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustProxyOption(config.trustProxy),
    // The longest id the API accepts, as the router measures it (src/http/path-params.ts).
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    // Errors raised before any route, in the SPEC's shape with an X-Request-ID (src/http/framework-errors.ts).
    frameworkErrors: frameworkErrorAnswer(MAX_PATH_SEGMENT_LENGTH),
    clientErrorHandler: clientErrorHandler(deps.logger as FastifyBaseLogger),
    // HTTP/1.0 needs no Host either, and Node's refusal of its absence is a bodiless 400.
    http: { requireHostHeader: false },
    return503OnClosing: false, // src/http/middleware/graceful-drain.ts answers in the SPEC's shape
    forceCloseConnections: 'idle',
    // The HTTP server, with the shortcut for exact-cache hits in front of Fastify (src/http/hit-shortcut/).
    serverFactory: hits.serverFactory,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.on('checkExpectation', answerFailedExpectation);
  app.setValidatorCompiler(compileValidator);
  // Before the routes: each gets the params schema of the ids in its path.
  app.addHook('onRoute', addPathIdSchemas);
  // JSON only (SPEC): without this, Fastify's built-in text/plain parser turns a text body into a
  // string that fails validation with 400 instead of the 415 a wrong content type deserves.
  app.removeContentTypeParser('text/plain');
  const parseJson = registerJsonBodyParser(app);
  registerErrorHandling(app, config.bodyLimitBytes);
  decoratePrincipal(app);
  decorateRoute(app);
  const drain = registerGracefulDrain(app);
  const steps: RequestStep[] = [beginRequest, loopGuardStep(deps.gatewayId), drain.refuseWhileClosing, authenticationStep(deps.authenticator, deps.authFailures)];
  const rateLimits = config.rateLimits.enabled
    ? { limiter: deps.rateLimiter, policy: deps.rateLimitPolicy, metrics: deps.metrics, defaultTenant: config.operatorTenant }
    : undefined;
  if (rateLimits) steps.push(rateLimitStep(rateLimits));
  app.addHook('onRequest', composeRequestSteps(steps));
  registerStorableTextCheck(app); // before the routes: it adds itself to each as it is registered
  if (config.mock) registerMockMarker(app);
  const recordResponse = responseRecorder(deps.metrics, deps.accessLog);
  app.addHook('onResponse', (request, reply, done) => {
    recordResponse({ requestId: request.id, method: request.method, route: request.route?.url ?? 'unmatched', status: reply.statusCode, ms: reply.elapsedTime });
    drain.afterResponse();
    done();
  });
  await registerOpenApi(app, packageVersion()); // before the routes: it collects each as it is registered
  registerOpsRoutes(app, deps.storage, deps.readiness);
  registerDashboardRoutes(app, deps.dashboardDir);
  // With a metrics port, /metrics is served there only (src/http/metrics-app.ts).
  if (config.metrics.port === undefined) registerMetricsRoute(app, deps.metrics, config.metrics.token);
  registerTokenRoutes(app, deps.apiKeys, deps.tokens, deps.authFailures);
  registerKeyRoutes(app, deps.apiKeys, config.operatorTenant);
  registerRateLimitRoutes(app, deps.rateLimitPolicy, config.operatorTenant);
  if (deps.cache) registerCacheRoutes(app, deps.cache, deps.analytics, config.operatorTenant);
  registerThresholdRoutes(app, deps.thresholds, config.operatorTenant);
  registerCallLog(app, deps.callLog.bodies);
  registerProxyRoutes(app, { ...deps, hits });
  registerMessagesRoutes(app, { ...deps, hits });
  registerResponsesRoutes(app, { ...deps, hits });
  registerMemoryRoutes(app, deps.memory);
  registerAgentSessionRoutes(app, deps.agentSessions, config.operatorTenant);
  registerRequestLogRoutes(app, deps.analytics, config.operatorTenant);
  registerGatewayStatsRoutes(app, { cache: deps.cache, analytics: deps.analytics, projects: deps.memory.projects, pipeline: deps.pipeline });
  // Not with the mock marker or logged bodies: both are added by onSend hooks, which a shortcut answer skips.
  if (config.hitShortcut && !config.mock && !deps.callLog.bodies) {
    hits.start({
      authenticator: deps.authenticator,
      authFailures: deps.authFailures,
      rateLimits,
      completions: deps,
      parseJson,
      recordResponse,
      logger: deps.logger,
      metrics: deps.metrics,
      closing: drain.closing,
      afterResponse: drain.afterResponse,
    });
  }
  return app;
}

/** A hop count as the function Fastify's types accept for it (the first `hops` hops are trusted). */
function trustProxyOption(setting: Config['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}
