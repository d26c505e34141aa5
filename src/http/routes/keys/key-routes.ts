// Admin key management: POST/GET /api/v1/keys, DELETE /api/v1/keys/{id}. The plain key appears
// once, in the creation response.
import type { ApiKeyService } from '../../../domain/auth/api-key-service.js';
import { roleOf } from '../../../domain/auth/roles.js';
import { SynapseError } from '../../../errors.js';
import type { ApiKeyRecord } from '../../../stores/ports/api-key-store.js';
import { createKeyRoute, listKeysRoute, revokeKeyRoute, type PublicKey } from '../../contract/auth-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const adminAccess = routeConfig({ auth: 'admin', action: 'manage API keys' });

export function toPublicKey(record: ApiKeyRecord): PublicKey {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    tenant_id: record.tenantId,
    key_prefix: record.keyPrefix,
    created_at: record.createdAt,
    revoked_at: record.revokedAt,
  };
}

export function registerKeyRoutes(app: SynapseApp, keys: ApiKeyService, operatorTenant: string): void {
  app.post('/api/v1/keys', { ...adminAccess, schema: createKeyRoute }, async (request, reply) => {
    const body = request.body ?? {};
    const tenantId = resolveTenant(principalOf(request), body.tenant_id, operatorTenant);
    const role = body.role === undefined ? 'user' : roleOf(body.role);
    const created = await keys.createKey({ tenantId, role, name: body.name ?? 'unnamed' });
    return reply.code(201).send({ ...toPublicKey(created.record), key: created.key });
  });

  app.get('/api/v1/keys', { ...adminAccess, schema: listKeysRoute }, async (request) => {
    const principal = principalOf(request);
    const requested = request.query.tenant_id;
    const tenantId =
      requested === undefined && isOperator(principal, operatorTenant) ? undefined : resolveTenant(principal, requested, operatorTenant);
    return { keys: (await keys.listKeys(tenantId)).map(toPublicKey) };
  });

  app.delete('/api/v1/keys/:id', { ...adminAccess, schema: revokeKeyRoute }, async (request) => {
    const principal = principalOf(request);
    const { id } = request.params;
    const existing = await keys.findKey(id);
    const visible = existing && (existing.tenantId === principal.tenantId || isOperator(principal, operatorTenant));
    if (!visible) throw new SynapseError('not_found', { what: `API key '${id}'` });
    const revoked = await keys.revokeKey(id);
    return { ...toPublicKey(revoked), revoked: true as const };
  });
}
