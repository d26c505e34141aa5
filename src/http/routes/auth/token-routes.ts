// POST /api/v1/auth/token: exchanges an API key for a 24-hour JWT, optionally with a narrower role
// (WorldFlow's role names `viewer` and `operator` are accepted as readonly and user).
// A wrong key counts as a failed authentication of the client's address, like one on any route.
import type { ApiKeyService } from '../../../domain/auth/api-key-service.js';
import type { FailedAuthGuard } from '../../../domain/auth/failed-auth-guard.js';
import { roleAllows, roleOf } from '../../../domain/auth/roles.js';
import type { TokenIssuer } from '../../../domain/auth/token-issuer.js';
import { SynapseError } from '../../../errors.js';
import { tokenRoute } from '../../contract/auth-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { attemptOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';

export function registerTokenRoutes(app: SynapseApp, keys: ApiKeyService, tokens: TokenIssuer, guard?: FailedAuthGuard): void {
  app.post(
    '/api/v1/auth/token',
    { ...routeConfig({ auth: 'public', rateLimit: 'token_exchange' }), schema: tokenRoute },
    async (request) => {
      const body = request.body;
      if (guard && guard.blockedFor(request.ip) > 0) throw guard.refusal(request.ip);
      const { record } = await keys.authenticateKey(body.api_key.trim()).catch(async (error: unknown) => {
        throw guard ? await guard.recordFailure(attemptOf(request), error) : error;
      });
      const role = body.role === undefined ? record.role : roleOf(body.role);
      if (!roleAllows(record.role, role)) throw new SynapseError('role_widening', { requested: role, role: record.role });
      const token = await tokens.issue(record.id, record.tenantId, role);
      return { access_token: token.accessToken, token_type: 'Bearer' as const, expires_in: token.expiresIn, role };
    },
  );
}
