// onRequest hook (after authentication): takes a token from the caller's bucket for the route's
// endpoint group and sets X-RateLimit-* headers; refuses with 429 and Retry-After when empty.
// Buckets are per tenant, except token exchange, which is per client address (no tenant yet).
import type { FastifyInstance } from 'fastify';
import type { RateLimitPolicy } from '../../domain/ratelimit/rate-limit-policy.js';
import type { RateLimiter } from '../../domain/ratelimit/rate-limiter.js';
import { SynapseError } from '../../errors.js';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';
import type { RouteConfig } from '../route-config.js';

export interface RateLimitHookDependencies {
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  metrics: GatewayMetrics;
  defaultTenant: string;
}

export function registerRateLimiting(app: FastifyInstance, deps: RateLimitHookDependencies): void {
  app.addHook('onRequest', async (request, reply) => {
    const group = (request.routeOptions.config as Partial<RouteConfig>).rateLimit;
    if (!group) return;
    const tenantId = request.principal?.tenantId;
    const bucket = group === 'token_exchange' || !tenantId ? `${group}:ip:${request.ip}` : `${group}:t:${tenantId}`;
    const rule = deps.policy.ruleFor(tenantId ?? deps.defaultTenant, group);
    const decision = await deps.limiter.consume(bucket, rule);
    reply.header('x-ratelimit-limit', decision.limit);
    reply.header('x-ratelimit-remaining', decision.remaining);
    reply.header('x-ratelimit-reset', decision.resetSecs);
    if (!decision.allowed) {
      deps.metrics.recordRateLimited(group);
      throw new SynapseError(
        'rate_limited',
        { group: group.replace('_', ' '), retryAfterSecs: decision.retryAfterSecs },
        { retryAfterSecs: decision.retryAfterSecs },
      );
    }
  });
}
