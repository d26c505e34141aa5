// Request step (after authentication): takes a token from the caller's bucket for the route's
// endpoint group and sets X-RateLimit-* headers; refuses with 429 and Retry-After when empty (plus
// retry-after-ms, the exact wait, which the OpenAI and Anthropic SDKs prefer).
// Buckets are per tenant, except token exchange, which is per client address (no tenant yet).
import type { FastifyReply } from 'fastify';
import { tenantBucketKey, type RateLimitGroup, type RateLimitPolicy } from '../../domain/ratelimit/rate-limit-policy.js';
import type { RateLimitDecision, RateLimiter } from '../../stores/ports/rate-limiter.js';
import { SynapseError } from '../../errors.js';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';
import { takenDecision } from '../hit-shortcut/handover.js';
import { replyHeaders, type HeaderSetter } from '../response-headers.js';
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
    // The hit shortcut took this request's token already when it handed the request over.
    const decision = takenDecision(request.raw) ?? takeToken(deps, group, request.principal?.tenantId, () => request.ip);
    if (!(decision instanceof Promise)) return enforce(reply, decision, group, deps.metrics);
    return decision.then((settled) => enforce(reply, settled, group, deps.metrics));
  };
}

/**
 * Takes a token from the caller's bucket for the group: the tenant's, or the address's without one
 * (`address` is asked for only then: reading it costs a system call on a raw socket).
 */
export function takeToken(
  deps: RateLimitStepDependencies,
  group: RateLimitGroup,
  tenantId: string | undefined,
  address: () => string,
): RateLimitDecision | Promise<RateLimitDecision> {
  const bucket = group === 'token_exchange' || !tenantId ? `${group}:ip:${address()}` : tenantBucketKey(group, tenantId);
  return deps.limiter.consume(bucket, deps.policy.ruleFor(tenantId ?? deps.defaultTenant, group));
}

/** The X-RateLimit-* headers of a decision. */
export function setRateLimitHeaders(set: HeaderSetter, decision: RateLimitDecision): void {
  set('x-ratelimit-limit', String(decision.limit));
  set('x-ratelimit-remaining', String(decision.remaining));
  set('x-ratelimit-reset', String(decision.resetSecs));
}

function enforce(reply: FastifyReply, decision: RateLimitDecision, group: string, metrics: GatewayMetrics): void {
  setRateLimitHeaders(replyHeaders(reply), decision);
  if (decision.allowed) return;
  metrics.recordRateLimited(group);
  throw new SynapseError(
    'rate_limited',
    { group: group.replace('_', ' '), retryAfterSecs: decision.retryAfterSecs },
    { retryAfterSecs: decision.retryAfterSecs, retryAfterMs: decision.retryAfterMs },
  );
}
