// Admin key management: POST/GET /api/v1/keys, DELETE /api/v1/keys/{id}. The plain key appears
// once, in the creation response.
import type { FastifyInstance } from 'fastify';
import type { ApiKeyService } from '../../../domain/auth/api-key-service.js';
import { roles, type Role } from '../../../domain/auth/roles.js';
import { SynapseError } from '../../../errors.js';
import type { ApiKeyRecord } from '../../../stores/ports/api-key-store.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const tenantIdSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' } as const;

const createKeySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 256 },
    role: { type: 'string', enum: roles },
    tenant_id: tenantIdSchema,
  },
} as const;

const adminAccess = routeConfig({ auth: 'admin', action: 'manage API keys' });

export function toPublicKey(record: ApiKeyRecord): Record<string, unknown> {
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

export function registerKeyRoutes(app: FastifyInstance, keys: ApiKeyService, operatorTenant: string): void {
  app.post('/api/v1/keys', { ...adminAccess, schema: { body: createKeySchema } }, async (request, reply) => {
    const body = (request.body ?? {}) as { name?: string; role?: Role; tenant_id?: string };
    const tenantId = resolveTenant(principalOf(request), body.tenant_id, operatorTenant);
    const created = await keys.createKey({ tenantId, role: body.role ?? 'user', name: body.name ?? 'unnamed' });
    return reply.code(201).send({ ...toPublicKey(created.record), key: created.key });
  });

  app.get(
    '/api/v1/keys',
    { ...adminAccess, schema: { querystring: { type: 'object', properties: { tenant_id: tenantIdSchema } } } },
    async (request) => {
      const principal = principalOf(request);
      const { tenant_id: requested } = request.query as { tenant_id?: string };
      const tenantId =
        requested === undefined && isOperator(principal, operatorTenant)
          ? undefined
          : resolveTenant(principal, requested, operatorTenant);
      return { keys: (await keys.listKeys(tenantId)).map(toPublicKey) };
    },
  );

  app.delete('/api/v1/keys/:id', adminAccess, async (request) => {
    const principal = principalOf(request);
    const { id } = request.params as { id: string };
    const existing = await keys.findKey(id);
    const visible = existing && (existing.tenantId === principal.tenantId || isOperator(principal, operatorTenant));
    if (!visible) throw new SynapseError('not_found', { what: `API key '${id}'` });
    const revoked = await keys.revokeKey(id);
    return { ...toPublicKey(revoked), revoked: true };
  });
}
