// Request step: resolves the caller's credentials to a Principal and enforces the route's role.
// Runs before the body is read, so unauthenticated requests cost no parsing. Also notes the
// caller's own provider key, when it sent one beside its Synapse credential. With a guard, wrong
// credentials are counted per address, and a blocked address is refused before any lookup.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../domain/auth/authenticator.js';
import type { AuthAttempt, FailedAuthGuard } from '../../domain/auth/failed-auth-guard.js';
import type { Principal } from '../../domain/auth/principal.js';
import { roleAllows, type Role } from '../../domain/auth/roles.js';
import { SynapseError } from '../../errors.js';
import { readCredentials } from '../credentials.js';
import type { RequestStep } from './request-steps.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The caller's own provider key for this call (never a Synapse credential); null when none. */
    providerKey: string | null;
  }
}

export function decoratePrincipal(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('providerKey', null);
}

export function authenticationStep(authenticator: Authenticator, guard?: FailedAuthGuard): RequestStep {
  return (request) => {
    const config = request.route;
    const required = config.auth;
    if (!required || required === 'public') return;
    const credentials = readCredentials(request.headers);
    if (credentials.providerKey !== undefined) request.providerKey = credentials.providerKey;
    if (!guard) {
      const resolved = authenticator.authenticate(credentials.synapse);
      if (!(resolved instanceof Promise)) return admit(request, resolved, required, config.action);
      return resolved.then((principal) => admit(request, principal, required, config.action));
    }
    if (guard.blocking && guard.blockedFor(request.ip) > 0 && !authenticator.isKnownToken(credentials.synapse)) {
      throw guard.refusal(request.ip);
    }
    let resolved: Principal | Promise<Principal>;
    try {
      resolved = authenticator.authenticate(credentials.synapse);
    } catch (error) {
      return countFailure(guard, request, error);
    }
    if (!(resolved instanceof Promise)) return admit(request, resolved, required, config.action);
    return resolved.then(
      (principal) => admit(request, principal, required, config.action),
      (error: unknown) => countFailure(guard, request, error),
    );
  };
}

/** Counts a failed authentication and rejects with what to answer (the failure, or 429 past the limit). */
async function countFailure(guard: FailedAuthGuard, request: FastifyRequest, error: unknown): Promise<never> {
  throw await guard.recordFailure(attemptOf(request), error);
}

/** The request as a failed-authentication guard sees it. */
export function attemptOf(request: FastifyRequest): AuthAttempt {
  const query = request.url.indexOf('?');
  return { address: request.ip, method: request.method, path: query === -1 ? request.url : request.url.slice(0, query) };
}

function admit(request: FastifyRequest, principal: Principal, required: Role, action: string | undefined): void {
  if (!roleAllows(principal.role, required)) {
    throw new SynapseError('role_forbidden', { role: principal.role, action: action ?? 'call this endpoint', required });
  }
  request.principal = principal;
}

/** The authenticated caller of a route whose config requires a role. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SynapseError('missing_credentials');
  return request.principal;
}
