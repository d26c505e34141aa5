// The request log and its analytics: GET /api/v1/logs, /api/v1/logs/{id}, /api/v1/analytics/savings,
// /api/v1/analytics/latency and /api/v1/analytics/breakdown (docs/request-log.md). Own tenant for
// every role; operator admins may name another with tenant_id, or see every tenant by naming none.
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { RequestAnalytics } from '../../../domain/request-log/request-analytics.js';
import { SynapseError } from '../../../errors.js';
import type { LogTier, PeriodTotals, RequestLogFilter, RequestLogRow } from '../../../stores/ports/request-log-store.js';
import {
  breakdownRoute, getLogRoute, latencyRoute, listLogsRoute, LogEntry, logTierNames, savingsRoute,
} from '../../contract/observability-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isOperator, resolveTenant } from '../tenant-scope.js';

const DAY = 86_400_000;
const DEFAULT_WINDOW = 7 * DAY;
const DEFAULT_PAGE_SIZE = 50;
const readAccess = routeConfig({ auth: 'readonly', action: 'read the request log' });

interface WindowQuery {
  startDate?: string;
  endDate?: string;
  model?: string;
  tenant_id?: string;
  /** WorldFlow's name of tenant_id. */
  tenantId?: string;
}

export function registerRequestLogRoutes(app: SynapseApp, analytics: RequestAnalytics, operatorTenant: string): void {
  app.get('/api/v1/logs', { ...readAccess, schema: listLogsRoute }, async (request) => {
    const query = request.query;
    const limit = query.limit ?? query.pageSize ?? DEFAULT_PAGE_SIZE;
    const filter: RequestLogFilter = {
      ...scopeOf(request, tenantOfQuery(query), operatorTenant),
      ...boundsOf(query, false),
      ...(query.model !== undefined ? { model: query.model } : {}),
      ...(query.status !== undefined ? { status: statusOf(query.status) } : {}),
      ...(query.tier !== undefined ? { tier: tierOf(query.tier) } : {}),
      ...(query.search !== undefined ? { search: query.search } : {}),
      ...(query.key !== undefined ? { keyId: query.key } : {}),
      ...(query.session !== undefined ? { sessionId: query.session } : {}),
      ...(query.endpoint !== undefined ? { endpoint: query.endpoint } : {}),
    };
    const { rows, total } = await analytics.list(filter, query.page, limit);
    return {
      data: rows.map(toPublicEntry),
      pagination: { page: query.page, limit, pageSize: limit, total, totalPages: Math.ceil(total / limit) },
    };
  });

  app.get('/api/v1/logs/:id', { ...readAccess, schema: getLogRoute }, async (request) => {
    const { id } = request.params;
    const principal = principalOf(request);
    const row = await analytics.get(isOperator(principal, operatorTenant) ? undefined : principal.tenantId, id);
    return { ...toPublicEntry(row), requestBody: row.requestBody, responseBody: row.responseBody };
  });

  app.get('/api/v1/analytics/savings', { ...readAccess, schema: savingsRoute }, async (request) => {
    const query = request.query;
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

  app.get('/api/v1/analytics/latency', { ...readAccess, schema: latencyRoute }, async (request) => {
    const query = request.query;
    const { filter, metadata } = windowOf(request, query, operatorTenant);
    const latency = await analytics.latency({ ...filter, ...(query.endpoint !== undefined ? { endpoint: query.endpoint } : {}) });
    return { ...latency, metadata: { ...metadata, endpoint: query.endpoint ?? null } };
  });

  app.get('/api/v1/analytics/breakdown', { ...readAccess, schema: breakdownRoute }, async (request) => {
    const query = request.query;
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
  const scope = scopeOf(request, tenantOfQuery(query), operatorTenant);
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

/** tenant_id, or WorldFlow's tenantId; both must agree when both are given. */
function tenantOfQuery(query: WindowQuery): string | undefined {
  if (query.tenant_id !== undefined && query.tenantId !== undefined && query.tenant_id !== query.tenantId) {
    throw new SynapseError('validation_failed', { detail: 'tenant_id and tenantId name the same tenant; send one' });
  }
  return query.tenant_id ?? query.tenantId;
}

function statusOf(status: string): number | 'success' | 'error' {
  if (status === 'success' || status === 'error') return status;
  return Number(status);
}

/** Synapse's tier names, and WorldFlow's (L1 = exact, L2 = semantic; upper case). */
function tierOf(tier: (typeof logTierNames)[number]): LogTier {
  const lower = tier.toLowerCase();
  if (lower === 'l1') return 'exact';
  if (lower === 'l2') return 'semantic';
  return lower as LogTier;
}

export function toPublicEntry(row: RequestLogRow): Static<typeof LogEntry> {
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
