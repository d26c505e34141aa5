// Admin view and assignment of rate-limit tiers: GET/PUT /api/v1/rate-limits (own tenant) and
// GET/PUT /api/v1/rate-limits/tenants/{tenantId} (own tenant, or any for operator admins). Only
// operator admins raise a tier; a tenant's own admin may lower it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimitTiers, type RateLimitPolicy } from '../../../domain/ratelimit/rate-limit-policy.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const assignTierSchema = {
  type: 'object',
  required: ['tier'],
  additionalProperties: false,
  properties: { tier: { type: 'string', enum: rateLimitTiers }, tenantId: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

const adminAccess = routeConfig({ auth: 'admin', action: 'manage rate limits' });

export function registerRateLimitRoutes(app: FastifyInstance, policy: RateLimitPolicy, operatorTenant: string): void {
  const describe = (tenantId: string) => ({ ...policy.describe(tenantId), tiers: policy.describeTiers() });
  const targetOf = (request: FastifyRequest, requested: string | undefined) =>
    resolveTenant(principalOf(request), requested, operatorTenant);
  const assign = (request: FastifyRequest, tenantId: string, tier: string) =>
    policy.assignTier(tenantId, tier, isOperator(principalOf(request), operatorTenant));

  app.get('/api/v1/rate-limits', adminAccess, async (request) => describe(principalOf(request).tenantId));

  app.put('/api/v1/rate-limits', { ...adminAccess, schema: { body: assignTierSchema } }, async (request) => {
    const body = request.body as { tier: string; tenantId?: string };
    const tenantId = targetOf(request, body.tenantId);
    await assign(request, tenantId, body.tier);
    return describe(tenantId);
  });

  app.get('/api/v1/rate-limits/tenants/:tenantId', adminAccess, async (request) => {
    const { tenantId } = request.params as { tenantId: string };
    return describe(targetOf(request, tenantId));
  });

  app.put(
    '/api/v1/rate-limits/tenants/:tenantId',
    { ...adminAccess, schema: { body: assignTierSchema } },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const target = targetOf(request, tenantId);
      await assign(request, target, (request.body as { tier: string }).tier);
      return describe(target);
    },
  );
}
