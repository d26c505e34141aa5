// Cache thresholds in WorldFlow's names (cacheHitThreshold, partialHitThreshold, l1TtlSecs,
// l2TtlSecs; ttlSecs kept as an alias of l1TtlSecs): GET|PUT /api/v1/thresholds (gateway-wide;
// changing them is for operator admins), GET /api/v1/thresholds/tenants (the overrides, paged),
// GET|PUT|DELETE /api/v1/thresholds/tenants/{tenantId} (a tenant's own overrides; a null value
// removes one, DELETE all of them).
import type { ThresholdOverrides, ThresholdPatch, ThresholdPolicy, Thresholds } from '../../../domain/cache/threshold-policy.js';
import { GLOBAL_SETTINGS_ID } from '../../../domain/cache/threshold-policy.js';
import { SynapseError } from '../../../errors.js';
import {
  deleteTenantThresholdsRoute, getTenantThresholdsRoute, getThresholdsRoute, listTenantThresholdsRoute, putTenantThresholdsRoute,
  putThresholdsRoute, type ThresholdPatchBody, type ThresholdValues,
} from '../../contract/threshold-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const adminAccess = routeConfig({ auth: 'admin', action: 'manage cache thresholds' });

export function registerThresholdRoutes(app: SynapseApp, thresholds: ThresholdPolicy, operatorTenant: string): void {
  const describeTenant = (tenantId: string) => ({
    tenantId,
    ...valuesOf(thresholds.effective(tenantId)),
    overrides: overridesOf(thresholds.overridesOf(tenantId)),
  });

  app.get('/api/v1/thresholds', { ...adminAccess, schema: getThresholdsRoute }, async (request) => {
    return { ...valuesOf(thresholds.global()), tenant: describeTenant(principalOf(request).tenantId) };
  });

  app.put('/api/v1/thresholds', { ...adminAccess, schema: putThresholdsRoute }, async (request) => {
    if (!isOperator(principalOf(request), operatorTenant)) throw new SynapseError('tenant_forbidden');
    await thresholds.update(GLOBAL_SETTINGS_ID, patchOf(request.body));
    return valuesOf(thresholds.global());
  });

  app.get('/api/v1/thresholds/tenants', { ...adminAccess, schema: listTenantThresholdsRoute }, async (request) => {
    const principal = principalOf(request);
    const { tenantId: requested, page, pageSize } = request.query;
    const only = requested === undefined && isOperator(principal, operatorTenant) ? undefined : resolveTenant(principal, requested, operatorTenant);
    const all = thresholds.tenantsWithOverrides().filter((entry) => only === undefined || entry.tenantId === only);
    const shown = all.slice((page - 1) * pageSize, page * pageSize);
    return { tenants: shown.map((entry) => describeTenant(entry.tenantId)), total: all.length, page, pageSize };
  });

  app.get('/api/v1/thresholds/tenants/:tenantId', { ...adminAccess, schema: getTenantThresholdsRoute }, async (request) => {
    return describeTenant(resolveTenant(principalOf(request), request.params.tenantId, operatorTenant));
  });

  app.put('/api/v1/thresholds/tenants/:tenantId', { ...adminAccess, schema: putTenantThresholdsRoute }, async (request) => {
    const target = resolveTenant(principalOf(request), request.params.tenantId, operatorTenant);
    await thresholds.update(target, patchOf(request.body));
    return describeTenant(target);
  });

  app.delete('/api/v1/thresholds/tenants/:tenantId', { ...adminAccess, schema: deleteTenantThresholdsRoute }, async (request) => {
    const target = resolveTenant(principalOf(request), request.params.tenantId, operatorTenant);
    const deleted = await thresholds.reset(target);
    const message = deleted
      ? `the overrides of tenant '${target}' were removed; it follows the gateway-wide thresholds`
      : `tenant '${target}' had no overrides; it follows the gateway-wide thresholds`;
    return { message, tenantId: target, deleted };
  });
}

/** The values in WorldFlow's names; l2TtlSecs follows the entry TTL unless set. */
function valuesOf(values: Thresholds): ThresholdValues {
  return {
    cacheHitThreshold: values.cacheHitThreshold,
    partialHitThreshold: values.partialHitThreshold,
    l1TtlSecs: values.ttlSecs,
    l2TtlSecs: values.semanticTtlSecs ?? values.ttlSecs,
    ttlSecs: values.ttlSecs,
  };
}

function overridesOf(overrides: ThresholdOverrides): Partial<ThresholdValues> {
  return {
    ...(overrides.cacheHitThreshold !== undefined ? { cacheHitThreshold: overrides.cacheHitThreshold } : {}),
    ...(overrides.partialHitThreshold !== undefined ? { partialHitThreshold: overrides.partialHitThreshold } : {}),
    ...(overrides.ttlSecs !== undefined ? { l1TtlSecs: overrides.ttlSecs, ttlSecs: overrides.ttlSecs } : {}),
    ...(overrides.semanticTtlSecs !== undefined ? { l2TtlSecs: overrides.semanticTtlSecs } : {}),
  };
}

/** The body in the domain's names: l1TtlSecs and its alias ttlSecs must agree when both are sent. */
function patchOf(body: ThresholdPatchBody): ThresholdPatch {
  if (body.l1TtlSecs !== undefined && body.ttlSecs !== undefined && body.l1TtlSecs !== body.ttlSecs) {
    throw new SynapseError('validation_failed', { detail: 'l1TtlSecs and ttlSecs name the same value; send one, or both equal' });
  }
  const ttlSecs = body.l1TtlSecs !== undefined ? body.l1TtlSecs : body.ttlSecs;
  return {
    ...(body.cacheHitThreshold !== undefined ? { cacheHitThreshold: body.cacheHitThreshold } : {}),
    ...(body.partialHitThreshold !== undefined ? { partialHitThreshold: body.partialHitThreshold } : {}),
    ...(ttlSecs !== undefined ? { ttlSecs } : {}),
    ...(body.l2TtlSecs !== undefined ? { semanticTtlSecs: body.l2TtlSecs } : {}),
  };
}
