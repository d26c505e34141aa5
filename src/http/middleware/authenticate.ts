// onRequest hook: resolves the caller's credentials to a Principal and enforces the route's role.
// Runs before the body is read, so unauthenticated requests cost no parsing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../domain/auth/authenticator.js';
import type { Principal } from '../../domain/auth/principal.js';
import { roleAllows } from '../../domain/auth/roles.js';
import { SynapseError } from '../../errors.js';
import type { RouteConfig } from '../route-config.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function registerAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as Partial<RouteConfig>;
    if (!config.auth || config.auth === 'public') return;
    const principal = await authenticator.authenticate(request.headers.authorization);
    if (!roleAllows(principal.role, config.auth)) {
      throw new SynapseError('role_forbidden', {
        role: principal.role,
        action: config.action ?? 'call this endpoint',
        required: config.auth,
      });
    }
    request.principal = principal;
  });
}

/** The authenticated caller of a route whose config requires a role. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SynapseError('missing_credentials');
  return request.principal;
}
