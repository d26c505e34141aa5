// Request step (after authentication): takes a token from the caller's bucket for the route's
// endpoint group and sets X-RateLimit-* headers; refuses with 429 and Retry-After when empty (plus
// retry-after-ms, the exact wait, which the OpenAI and Anthropic SDKs prefer).
// Buckets are per tenant, except token exchange, which is per client address (no tenant yet).
import type { FastifyReply } from 'fastify';
import { tenantBucketKey, type RateLimitPolicy } from '../../domain/ratelimit/rate-limit-policy.js';
import type { RateLimitDecision, RateLimiter } from '../../stores/ports/rate-limiter.js';
import { SynapseError } from '../../errors.js';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';
import type { RequestStep } from './request-steps.js';

export interface RateLimitStepDependencies {
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  metrics: GatewayMetrics;
  defaultTenant: string;
}

export function rateLimitStep(deps: RateLimitStepDependencies): RequestStep {
  return (request, reply) => {
    const group = request.route.rateLimit;
    if (!group) return;
    const tenantId = request.principal?.tenantId;
    const bucket = group === 'token_exchange' || !tenantId ? `${group}:ip:${request.ip}` : tenantBucketKey(group, tenantId);
    const decision = deps.limiter.consume(bucket, deps.policy.ruleFor(tenantId ?? deps.defaultTenant, group));
    if (!(decision instanceof Promise)) return enforce(reply, decision, group, deps.metrics);
    return decision.then((settled) => enforce(reply, settled, group, deps.metrics));
  };
}

function enforce(reply: FastifyReply, decision: RateLimitDecision, group: string, metrics: GatewayMetrics): void {
  reply.header('x-ratelimit-limit', decision.limit);
  reply.header('x-ratelimit-remaining', decision.remaining);
  reply.header('x-ratelimit-reset', decision.resetSecs);
  if (decision.allowed) return;
  metrics.recordRateLimited(group);
  throw new SynapseError(
    'rate_limited',
    { group: group.replace('_', ' '), retryAfterSecs: decision.retryAfterSecs },
    { retryAfterSecs: decision.retryAfterSecs, retryAfterMs: decision.retryAfterMs },
  );
}
