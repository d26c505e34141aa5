// Admin view and assignment of rate-limit tiers, in WorldFlow's shape with Synapse's own fields as
// extras: GET /api/v1/rate-limits (every assigned tenant, and the caller's own), PUT
// /api/v1/rate-limits (own tenant, or the one named), GET /api/v1/rate-limits/tiers,
// GET|PUT|DELETE /api/v1/rate-limits/{tenantId} and the alias /api/v1/rate-limits/tenants/{tenantId}
// (own tenant, or any for operator admins). Only operator admins raise a tier; a tenant's own admin
// may lower it.
import type { FastifyRequest } from 'fastify';
import type { RateLimitRule } from '../../../stores/ports/rate-limiter.js';
import { DEFAULT_TIER, rateLimitTiers, type RateLimitGroup, type RateLimitPolicy, type TenantTier } from '../../../domain/ratelimit/rate-limit-policy.js';
import { listRateLimitsRoute, listTiersRoute, putOwnRateLimitRoute, tenantRateLimitRoutes } from '../../contract/rate-limit-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const adminAccess = routeConfig({ auth: 'admin', action: 'manage rate limits' });

export function registerRateLimitRoutes(app: SynapseApp, policy: RateLimitPolicy, operatorTenant: string): void {
  const describe = (tenantId: string) => ({ ...toWire(policy.describe(tenantId)), tiers: policy.describeTiers() });
  const targetOf = (request: FastifyRequest, requested: string | undefined) =>
    resolveTenant(principalOf(request), requested, operatorTenant);
  const operator = (request: FastifyRequest) => isOperator(principalOf(request), operatorTenant);

  app.get('/api/v1/rate-limits', { ...adminAccess, schema: listRateLimitsRoute }, async (request) => {
    const own = principalOf(request).tenantId;
    const assignments = operator(request) ? policy.assignments() : [policy.describe(own)].filter((tier) => tier.explicit);
    return { assignments: assignments.map(toWire), total: assignments.length, ...describe(own) };
  });

  app.put('/api/v1/rate-limits', { ...adminAccess, schema: putOwnRateLimitRoute }, async (request) => {
    const tenantId = targetOf(request, request.body.tenantId);
    await policy.assignTier(tenantId, request.body.tier, operator(request));
    return describe(tenantId);
  });

  app.get('/api/v1/rate-limits/tiers', { ...adminAccess, schema: listTiersRoute }, async () => {
    const tiers = policy.describeTiers();
    return { tiers: rateLimitTiers.map((name) => ({ name, limits: limitsOf(tiers[name]) })), defaultTier: DEFAULT_TIER };
  });

  for (const [path, schemas] of [
    ['/api/v1/rate-limits/:tenantId', tenantRateLimitRoutes(false)],
    ['/api/v1/rate-limits/tenants/:tenantId', tenantRateLimitRoutes(true)],
  ] as const) {
    app.get(path, { ...adminAccess, schema: schemas.get }, async (request) => describe(targetOf(request, request.params.tenantId)));

    app.put(path, { ...adminAccess, schema: schemas.put }, async (request) => {
      const target = targetOf(request, request.params.tenantId);
      await policy.assignTier(target, request.body.tier, operator(request));
      return describe(target);
    });

    app.delete(path, { ...adminAccess, schema: schemas.delete }, async (request) => {
      const target = targetOf(request, request.params.tenantId);
      const reset = await policy.resetTier(target, operator(request));
      const message = reset ? `tenant '${target}' is back on the default tier '${DEFAULT_TIER}'` : `tenant '${target}' was already on the default tier '${DEFAULT_TIER}'`;
      return { success: true as const, message, ...toWire(policy.describe(target)) };
    });
  }
}

/** WorldFlow's TenantTier: its limits in requests per second, minute and day, with Synapse's buckets beside them. */
function toWire(tier: TenantTier) {
  return { ...tier, limits: limitsOf(tier.limits) };
}

function limitsOf(rules: Record<RateLimitGroup, RateLimitRule>) {
  const rps = rules.proxy.limit / rules.proxy.windowSecs;
  return { rps, rpm: rps * 60, tpm: null, rpd: rps * 86_400, burstMultiplier: rules.proxy.limit / rps, ...rules };
}
