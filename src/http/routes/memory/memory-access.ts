// Route settings shared by the memory API: readonly callers may read, user callers may write;
// each side has its own rate-limit group.
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';

export const MEMORY_PREFIX = '/api/v1/memory';

export const readAccess = routeConfig({ auth: 'readonly', action: 'read memory', rateLimit: 'memory_read' });
export const writeAccess = routeConfig({ auth: 'user', action: 'write memory', rateLimit: 'memory_write' });
/** Searches read like any read; their query text is never stored, so it may hold any character. */
export const searchAccess = routeConfig({ ...readAccess.config, freeTextFields: ['query', 'question'] });

export function tenantOf(request: FastifyRequest): string {
  return principalOf(request).tenantId;
}
