// Proxy usage per agent session: GET /api/v1/agent-sessions (newest first, paged by `before`) and
// GET /api/v1/agent-sessions/{sessionId}. Own tenant for every role; operator admins see every tenant.
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../domain/auth/principal.js';
import type { AgentSessionTracker } from '../../../domain/agents/agent-session-tracker.js';
import { SynapseError } from '../../../errors.js';
import type { AgentSessionSummary } from '../../../stores/ports/agent-session-store.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator } from '../tenant-scope.js';

const tenantIdSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' } as const;

const listQuerySchema = {
  type: 'object',
  properties: {
    agentType: { type: 'string', minLength: 1, maxLength: 64 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    before: { type: 'string', minLength: 1, maxLength: 1024 },
    tenant_id: tenantIdSchema,
  },
} as const;

const getSchema = {
  params: { type: 'object', properties: { sessionId: { type: 'string', minLength: 1, maxLength: 256 } } },
  querystring: { type: 'object', properties: { tenant_id: tenantIdSchema } },
} as const;

const readAccess = routeConfig({ auth: 'readonly', action: 'read agent sessions' });

export function toPublicAgentSession(session: AgentSessionSummary): Record<string, unknown> {
  return {
    tenantId: session.tenantId,
    sessionId: session.sessionId,
    agentType: session.agentType,
    requests: session.requests,
    cacheHits: session.cacheHits,
    hitRate: session.requests > 0 ? roundTo(session.cacheHits / session.requests, 4) : 0,
    inputTokens: session.inputTokens,
    outputTokens: session.outputTokens,
    costUsd: roundTo(session.costUsd, 9),
    costSavedUsd: roundTo(session.costSavedUsd, 9),
    firstSeenAt: new Date(session.firstSeenAt).toISOString(),
    lastSeenAt: new Date(session.lastSeenAt).toISOString(),
  };
}

export function registerAgentSessionRoutes(app: FastifyInstance, sessions: AgentSessionTracker, operatorTenant: string): void {
  app.get('/api/v1/agent-sessions', { ...readAccess, schema: { querystring: listQuerySchema } }, async (request) => {
    const { tenant_id: requested, agentType, limit, before } = request.query as {
      tenant_id?: string;
      agentType?: string;
      limit: number;
      before?: string;
    };
    const principal = principalOf(request);
    const tenantId =
      requested === undefined && isOperator(principal, operatorTenant) ? undefined : tenantOf(principal, requested, operatorTenant);
    const page = await sessions.list(tenantId, { limit, ...(agentType ? { agentType } : {}), ...(before ? { before } : {}) });
    return { sessions: page.sessions.map(toPublicAgentSession), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });

  app.get('/api/v1/agent-sessions/:sessionId', { ...readAccess, schema: getSchema }, async (request) => {
    const { sessionId } = request.params as { sessionId: string };
    const { tenant_id: requested } = request.query as { tenant_id?: string };
    return toPublicAgentSession(await sessions.get(tenantOf(principalOf(request), requested, operatorTenant), sessionId));
  });
}

/** The caller's tenant, or the one named when the caller is an operator admin. */
function tenantOf(principal: Principal, requested: string | undefined, operatorTenant: string): string {
  if (requested === undefined || requested === principal.tenantId) return principal.tenantId;
  if (!isOperator(principal, operatorTenant)) throw new SynapseError('tenant_forbidden');
  return requested;
}

const roundTo = (value: number, digits: number): number => Number(value.toFixed(digits));
