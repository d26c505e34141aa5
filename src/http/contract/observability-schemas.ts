// Schemas of the observability routes: the request log (/api/v1/logs...), its analytics
// (/api/v1/analytics/...) and agent sessions (/api/v1/agent-sessions...). The log list and savings
// accept WorldFlow's parameter names beside Synapse's (docs/request-log.md).
import { Type } from 'typebox';
import { pathParams } from '../path-params.js';
import { TenantIdField } from './auth-schemas.js';
import { errorResponses } from './error-schemas.js';

const tags = ['observability'];
const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const date = Type.String({ minLength: 10, maxLength: 40, description: 'An ISO 8601 date (2026-02-10) or date-time.' });
const windowQuery = {
  startDate: Type.Optional(date),
  endDate: Type.Optional(date),
  model: Type.Optional(text(256)),
  tenant_id: Type.Optional(TenantIdField),
  tenantId: Type.Optional({ ...TenantIdField, description: 'WorldFlow\'s name of tenant_id.' }),
};
const nullableString = Type.Union([Type.String(), Type.Null()]);
const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** Synapse's tiers, and WorldFlow's (L1 = exact, L2 = semantic, MISS, BYPASS; any case). */
export const logTierNames = ['hit', 'exact', 'semantic', 'miss', 'skip', 'bypass', 'L1', 'L2', 'l1', 'l2', 'HIT', 'MISS', 'SKIP', 'BYPASS'] as const;

export const LogEntry = Type.Object({
  id: Type.String(),
  timestamp: Type.String(),
  tenantId: Type.String(),
  keyId: nullableString,
  endpoint: Type.String(),
  provider: Type.String(),
  model: Type.String(),
  status: Type.Integer(),
  cacheStatus: Type.Enum(['HIT', 'MISS', 'SKIP', 'BYPASS']),
  cacheTier: Type.Union([Type.Enum(['exact', 'semantic']), Type.Null()]),
  similarity: nullableNumber,
  latencyMs: Type.Number(),
  upstreamLatencyMs: nullableNumber,
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  cost: Type.Number(),
  costSaved: Type.Number(),
  coalesced: Type.Boolean(),
  agentType: nullableString,
  agentSessionId: nullableString,
  requestId: Type.String(),
  errorType: nullableString,
});

const WindowMetadata = {
  startDate: Type.String(),
  endDate: Type.String(),
  model: nullableString,
  tenantId: nullableString,
};

export const listLogsRoute = {
  operationId: 'listRequestLogs',
  summary: 'The request log, newest first, paged and filtered',
  tags,
  querystring: Type.Object({
    ...windowQuery,
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Rows a page (50 unless pageSize is given).' })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: "WorldFlow's name of limit." })),
    status: Type.Optional(Type.String({ pattern: '^([1-5][0-9][0-9]|success|error)$' })),
    tier: Type.Optional(Type.Enum([...logTierNames])),
    search: Type.Optional(text(256)),
    key: Type.Optional(text(256)),
    session: Type.Optional(text(256)),
    endpoint: Type.Optional(text(64)),
  }),
  response: {
    200: Type.Object({
      data: Type.Array(LogEntry),
      pagination: Type.Object({
        page: Type.Integer(),
        limit: Type.Integer(),
        pageSize: Type.Integer({ description: 'The same as limit.' }),
        total: Type.Integer(),
        totalPages: Type.Integer(),
      }),
    }),
    ...errorResponses(403),
  },
};

export const getLogRoute = {
  operationId: 'getRequestLog',
  summary: 'One request log entry, with the request and response bodies when they were kept',
  tags,
  params: Type.Object({ id: text(64) }),
  response: {
    200: Type.Object({ ...LogEntry.properties, requestBody: nullableString, responseBody: nullableString }),
    ...errorResponses(403, 404),
  },
};

/** The savings of a period, and of the whole window (WorldFlow's field names). */
const SavingsTotals = {
  totalRequests: Type.Integer(),
  cacheHits: Type.Integer(),
  cacheMisses: Type.Integer(),
  hitRate: Type.Number(),
  tokensSaved: Type.Integer(),
  estimatedSavings: Type.Number(),
  actualCost: Type.Number(),
};

export const savingsRoute = {
  operationId: 'getSavings',
  summary: 'Requests, hits, tokens and dollars saved per period',
  tags,
  querystring: Type.Object({ ...windowQuery, granularity: Type.Enum(['hour', 'day', 'week', 'month'], { default: 'day' }) }),
  response: {
    200: Type.Object({
      data: Type.Array(
        Type.Object({ period: Type.String(), ...SavingsTotals }),
      ),
      summary: Type.Object(SavingsTotals),
      metadata: Type.Object({ granularity: Type.String(), ...WindowMetadata }),
    }),
    ...errorResponses(403),
  },
};

const Percentiles = Type.Object({ count: Type.Integer(), p50: nullableNumber, p95: nullableNumber, p99: nullableNumber });

export const latencyRoute = {
  operationId: 'getLatency',
  summary: 'Latency percentiles of cache hits against upstream answers',
  tags,
  querystring: Type.Object({ ...windowQuery, endpoint: Type.Optional(text(64)) }),
  response: {
    200: Type.Object({ hits: Percentiles, misses: Percentiles, metadata: Type.Object({ ...WindowMetadata, endpoint: nullableString }) }),
    ...errorResponses(403),
  },
};

export const breakdownRoute = {
  operationId: 'getBreakdown',
  summary: 'Totals per model, API key or agent session',
  tags,
  querystring: Type.Object({
    ...windowQuery,
    by: Type.Enum(['model', 'key', 'session']),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  }),
  response: {
    200: Type.Object({
      by: Type.String(),
      data: Type.Array(
        Type.Object({
          value: nullableString,
          agentType: nullableString,
          totalRequests: Type.Integer(),
          cacheHits: Type.Integer(),
          hitRate: Type.Number(),
          inputTokens: Type.Integer(),
          outputTokens: Type.Integer(),
          tokensSaved: Type.Integer(),
          estimatedSavings: Type.Number(),
          actualCost: Type.Number(),
          avgLatencyMs: Type.Number(),
        }),
      ),
      metadata: Type.Object(WindowMetadata),
    }),
    ...errorResponses(403),
  },
};

export const AgentSession = Type.Object({
  tenantId: Type.String(),
  sessionId: Type.String(),
  agentType: Type.String(),
  requests: Type.Integer(),
  cacheHits: Type.Integer(),
  hitRate: Type.Number(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  costUsd: Type.Number(),
  costSavedUsd: Type.Number(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
});

export const listAgentSessionsRoute = {
  operationId: 'listAgentSessions',
  summary: 'Proxy usage per agent session, most recently seen first',
  tags,
  querystring: Type.Object({
    agentType: Type.Optional(text(64)),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(text(1024)),
    tenant_id: Type.Optional(TenantIdField),
  }),
  response: {
    200: Type.Object({ sessions: Type.Array(AgentSession), nextCursor: Type.Optional(Type.String()) }),
    ...errorResponses(403),
  },
};

export const getAgentSessionRoute = {
  operationId: 'getAgentSession',
  summary: "One agent session's proxy usage",
  tags,
  params: pathParams('sessionId'),
  querystring: Type.Object({ tenant_id: Type.Optional(TenantIdField) }),
  response: { 200: AgentSession, ...errorResponses(403, 404) },
};
