// The request log and its analytics: GET /api/v1/logs, /api/v1/logs/{id}, /api/v1/analytics/savings,
// /api/v1/analytics/latency and /api/v1/analytics/breakdown (docs/request-log.md). Own tenant for
// every role; operator admins may name another with tenant_id, or see every tenant by naming none.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Granularity, RequestAnalytics } from '../../../domain/request-log/request-analytics.js';
import { SynapseError } from '../../../errors.js';
import type { BreakdownBy, LogTier, PeriodTotals, RequestLogFilter, RequestLogRow } from '../../../stores/ports/request-log-store.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const DAY = 86_400_000;
const DEFAULT_WINDOW = 7 * DAY;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const date = { type: 'string', minLength: 10, maxLength: 40 } as const;
const tenantId = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' } as const;
const window = { startDate: date, endDate: date, model: text(256), tenant_id: tenantId } as const;

const listSchema = {
  type: 'object',
  properties: {
    ...window,
    page: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    status: { type: 'string', pattern: '^([1-5][0-9][0-9]|success|error)$' },
    tier: { type: 'string', enum: ['hit', 'exact', 'semantic', 'miss', 'skip', 'bypass'] },
    search: text(256),
    key: text(256),
    session: text(256),
    endpoint: text(64),
  },
} as const;

const savingsSchema = {
  type: 'object',
  properties: { ...window, granularity: { type: 'string', enum: ['hour', 'day', 'week', 'month'], default: 'day' } },
} as const;
const latencySchema = { type: 'object', properties: { ...window, endpoint: text(64) } } as const;
const breakdownSchema = {
  type: 'object',
  required: ['by'],
  properties: {
    ...window,
    by: { type: 'string', enum: ['model', 'key', 'session'] },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
  },
} as const;

const readAccess = routeConfig({ auth: 'readonly', action: 'read the request log' });

interface WindowQuery {
  startDate?: string;
  endDate?: string;
  model?: string;
  tenant_id?: string;
}

export function registerRequestLogRoutes(app: FastifyInstance, analytics: RequestAnalytics, operatorTenant: string): void {
  app.get('/api/v1/logs', { ...readAccess, schema: { querystring: listSchema } }, async (request) => {
    const query = request.query as WindowQuery & {
      page: number; limit: number; status?: string; tier?: LogTier; search?: string; key?: string; session?: string; endpoint?: string;
    };
    const filter: RequestLogFilter = {
      ...scopeOf(request, query.tenant_id, operatorTenant),
      ...boundsOf(query, false),
      ...(query.model !== undefined ? { model: query.model } : {}),
      ...(query.status !== undefined ? { status: /^\d+$/.test(query.status) ? Number(query.status) : (query.status as 'success' | 'error') } : {}),
      ...(query.tier !== undefined ? { tier: query.tier } : {}),
      ...(query.search !== undefined ? { search: query.search } : {}),
      ...(query.key !== undefined ? { keyId: query.key } : {}),
      ...(query.session !== undefined ? { sessionId: query.session } : {}),
      ...(query.endpoint !== undefined ? { endpoint: query.endpoint } : {}),
    };
    const { rows, total } = await analytics.list(filter, query.page, query.limit);
    return {
      data: rows.map(toPublicEntry),
      pagination: { page: query.page, limit: query.limit, total, totalPages: Math.ceil(total / query.limit) },
    };
  });

  app.get('/api/v1/logs/:id', { ...readAccess, schema: { params: { type: 'object', properties: { id: text(64) } } } }, async (request) => {
    const { id } = request.params as { id: string };
    const principal = principalOf(request);
    const row = await analytics.get(isOperator(principal, operatorTenant) ? undefined : principal.tenantId, id);
    return { ...toPublicEntry(row), requestBody: row.requestBody, responseBody: row.responseBody };
  });

  app.get('/api/v1/analytics/savings', { ...readAccess, schema: { querystring: savingsSchema } }, async (request) => {
    const query = request.query as WindowQuery & { granularity: Granularity };
    const { filter, metadata } = windowOf(request, query, operatorTenant);
    const periods = await analytics.savings(filter, query.granularity);
    const summary = periods.reduce(
      (sum, period) => ({
        bucket: 0,
        totalRequests: sum.totalRequests + period.totalRequests,
        cacheHits: sum.cacheHits + period.cacheHits,
        tokensSaved: sum.tokensSaved + period.tokensSaved,
        estimatedSavings: sum.estimatedSavings + period.estimatedSavings,
        actualCost: sum.actualCost + period.actualCost,
      }),
      { bucket: 0, totalRequests: 0, cacheHits: 0, tokensSaved: 0, estimatedSavings: 0, actualCost: 0 },
    );
    const { period: _, ...summaryFields } = toPublicPeriod(summary);
    return { data: periods.map(toPublicPeriod), summary: summaryFields, metadata: { granularity: query.granularity, ...metadata } };
  });

  app.get('/api/v1/analytics/latency', { ...readAccess, schema: { querystring: latencySchema } }, async (request) => {
    const query = request.query as WindowQuery & { endpoint?: string };
    const { filter, metadata } = windowOf(request, query, operatorTenant);
    const latency = await analytics.latency({ ...filter, ...(query.endpoint !== undefined ? { endpoint: query.endpoint } : {}) });
    return { ...latency, metadata: { ...metadata, endpoint: query.endpoint ?? null } };
  });

  app.get('/api/v1/analytics/breakdown', { ...readAccess, schema: { querystring: breakdownSchema } }, async (request) => {
    const query = request.query as WindowQuery & { by: BreakdownBy; limit: number };
    const { filter, metadata } = windowOf(request, query, operatorTenant);
    const rows = await analytics.breakdown(filter, query.by, query.limit);
    return {
      by: query.by,
      data: rows.map((row) => ({
        value: row.value,
        agentType: row.agentType,
        totalRequests: row.totalRequests,
        cacheHits: row.cacheHits,
        hitRate: rateOf(row.cacheHits, row.totalRequests),
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        tokensSaved: row.tokensSaved,
        estimatedSavings: money(row.estimatedSavings),
        actualCost: money(row.actualCost),
        avgLatencyMs: Math.round(row.avgLatencyMs * 1000) / 1000,
      })),
      metadata,
    };
  });
}

/** The tenant to read: undefined (every tenant) for an operator admin naming none. */
function scopeOf(request: FastifyRequest, requested: string | undefined, operatorTenant: string): { tenantId?: string } {
  const principal = principalOf(request);
  if (requested === undefined && isOperator(principal, operatorTenant)) return {};
  return { tenantId: resolveTenant(principal, requested, operatorTenant) };
}

/** startDate/endDate as epoch ms; with defaults, the last 7 days. A date alone as endDate means the end of that day. */
function boundsOf(query: WindowQuery, withDefaults: boolean): { from?: number; to?: number } {
  const to = query.endDate === undefined ? undefined : parseDate('endDate', query.endDate, true);
  const from = query.startDate === undefined ? undefined : parseDate('startDate', query.startDate, false);
  if (from !== undefined && to !== undefined && from > to) {
    throw new SynapseError('validation_failed', { detail: 'startDate must not be after endDate' });
  }
  if (!withDefaults) return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const end = to ?? Date.now();
  return { from: from ?? end - DEFAULT_WINDOW, to: end };
}

function windowOf(request: FastifyRequest, query: WindowQuery, operatorTenant: string) {
  const scope = scopeOf(request, query.tenant_id, operatorTenant);
  const { from, to } = boundsOf(query, true) as { from: number; to: number };
  const filter: RequestLogFilter = { ...scope, from, to, ...(query.model !== undefined ? { model: query.model } : {}) };
  const metadata = {
    startDate: new Date(from).toISOString(),
    endDate: new Date(to).toISOString(),
    model: query.model ?? null,
    tenantId: scope.tenantId ?? null,
  };
  return { filter, metadata };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDate(name: string, value: string, endOfDay: boolean): number {
  const dateOnly = DATE_ONLY.test(value);
  const ms = dateOnly || DATE_TIME.test(value) ? Date.parse(dateOnly ? `${value}T00:00:00Z` : value) : NaN;
  if (!Number.isFinite(ms)) {
    throw new SynapseError('validation_failed', { detail: `${name} must be an ISO 8601 date (2026-02-10) or date-time (2026-02-10T14:00:00Z)` });
  }
  return dateOnly && endOfDay ? ms + DAY - 1 : ms;
}

export function toPublicEntry(row: RequestLogRow): Record<string, unknown> {
  return {
    id: row.id,
    timestamp: new Date(row.timestamp).toISOString(),
    tenantId: row.tenantId,
    keyId: row.keyId,
    endpoint: row.endpoint,
    provider: row.provider,
    model: row.model,
    status: row.status,
    cacheStatus: row.cacheStatus,
    cacheTier: row.cacheTier,
    similarity: row.similarity,
    latencyMs: row.latencyMs,
    upstreamLatencyMs: row.upstreamLatencyMs,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cost: money(row.cost),
    costSaved: money(row.costSaved),
    coalesced: row.coalesced,
    agentType: row.agentType,
    agentSessionId: row.agentSessionId,
    requestId: row.requestId,
    errorType: row.errorType,
  };
}

function toPublicPeriod(period: PeriodTotals) {
  return {
    period: new Date(period.bucket).toISOString(),
    totalRequests: period.totalRequests,
    cacheHits: period.cacheHits,
    cacheMisses: period.totalRequests - period.cacheHits,
    hitRate: rateOf(period.cacheHits, period.totalRequests),
    tokensSaved: period.tokensSaved,
    estimatedSavings: money(period.estimatedSavings),
    actualCost: money(period.actualCost),
  };
}

const rateOf = (part: number, whole: number): number => (whole > 0 ? Number((part / whole).toFixed(4)) : 0);
const money = (usd: number): number => Number(usd.toFixed(9));
