// Cache thresholds: GET|PUT /api/v1/thresholds (gateway-wide; changing them is for operator
// admins) and GET|PUT /api/v1/thresholds/tenants/{tenantId} (a tenant's own overrides; a null
// value removes one). Fields: cacheHitThreshold (0-1], ttlSecs.
import type { FastifyInstance } from 'fastify';
import type { ThresholdPolicy } from '../../../domain/cache/threshold-policy.js';
import { GLOBAL_SETTINGS_ID } from '../../../domain/cache/threshold-policy.js';
import { SynapseError } from '../../../errors.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const patchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    cacheHitThreshold: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1 },
    ttlSecs: { type: ['integer', 'null'], minimum: 1, maximum: 31_536_000 },
  },
} as const;

const adminAccess = routeConfig({ auth: 'admin', action: 'manage cache thresholds' });

export function registerThresholdRoutes(app: FastifyInstance, thresholds: ThresholdPolicy, operatorTenant: string): void {
  const describeTenant = (tenantId: string) => ({
    tenantId,
    ...thresholds.effective(tenantId),
    overrides: thresholds.overridesOf(tenantId),
  });

  app.get('/api/v1/thresholds', adminAccess, async (request) => {
    const principal = principalOf(request);
    return { ...thresholds.global(), tenant: describeTenant(principal.tenantId) };
  });

  app.put('/api/v1/thresholds', { ...adminAccess, schema: { body: patchSchema } }, async (request) => {
    if (!isOperator(principalOf(request), operatorTenant)) throw new SynapseError('tenant_forbidden');
    await thresholds.update(GLOBAL_SETTINGS_ID, request.body as object);
    return thresholds.global();
  });

  app.get('/api/v1/thresholds/tenants/:tenantId', adminAccess, async (request) => {
    const { tenantId } = request.params as { tenantId: string };
    return describeTenant(resolveTenant(principalOf(request), tenantId, operatorTenant));
  });

  app.put('/api/v1/thresholds/tenants/:tenantId', { ...adminAccess, schema: { body: patchSchema } }, async (request) => {
    const { tenantId } = request.params as { tenantId: string };
    const target = resolveTenant(principalOf(request), tenantId, operatorTenant);
    await thresholds.update(target, request.body as object);
    return describeTenant(target);
  });
}
