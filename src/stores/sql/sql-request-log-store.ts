// The request log's reads, written once in the SQL that SQLite and PostgreSQL share (`?`
// placeholders, integer bucket arithmetic, LIKE ... ESCAPE); each backend supplies how SQL is run
// and how a batch is inserted.
import type {
  BreakdownBy, BreakdownRow, LatencyGroup, PeriodTotals, RequestLogBatch, RequestLogFilter, RequestLogRow, RequestLogStore,
} from '../ports/request-log-store.js';
import { EncodedRowBatch } from './encoded-row-batch.js';
import { REQUEST_LOG_COLUMNS } from './request-log-columns.js';

export interface RequestLogSql {
  all(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  run(sql: string, params: unknown[]): Promise<number>;
  insert(batch: EncodedRowBatch): Promise<void>;
}

const HIT = "cache_status = 'HIT'";
const TOTALS = `count(*) AS total_requests, sum(CASE WHEN ${HIT} THEN 1 ELSE 0 END) AS cache_hits,
  sum(CASE WHEN ${HIT} THEN input_tokens + output_tokens ELSE 0 END) AS tokens_saved,
  sum(cost_saved) AS estimated_savings, sum(cost) AS actual_cost`;

export class SqlRequestLogStore implements RequestLogStore {
  constructor(private readonly sql: RequestLogSql) {}

  newBatch(): EncodedRowBatch {
    return new EncodedRowBatch();
  }

  append(batch: RequestLogBatch): Promise<void> {
    if (!(batch instanceof EncodedRowBatch)) return Promise.reject(new TypeError('request log: a batch made by another store'));
    return batch.rows === 0 ? Promise.resolve() : this.sql.insert(batch);
  }

  async list(filter: RequestLogFilter, offset: number, limit: number): Promise<{ rows: RequestLogRow[]; total: number }> {
    const { where, params } = whereOf(filter);
    const [counted] = await this.sql.all(`SELECT count(*) AS n FROM request_log ${where}`, params);
    const rows = await this.sql.all(
      `SELECT ${REQUEST_LOG_COLUMNS.join(', ')} FROM request_log ${where} ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return { rows: rows.map(rowOf), total: Number(counted?.n ?? 0) };
  }

  async get(tenantId: string | undefined, id: string): Promise<RequestLogRow | undefined> {
    const { where, params } = whereOf({ ...(tenantId !== undefined ? { tenantId } : {}) }, ['id = ?'], [id]);
    const [row] = await this.sql.all(`SELECT ${REQUEST_LOG_COLUMNS.join(', ')} FROM request_log ${where}`, params);
    return row ? rowOf(row) : undefined;
  }

  async periods(filter: RequestLogFilter, bucketMs: number, alignMs: number): Promise<PeriodTotals[]> {
    const { where, params } = whereOf(filter);
    const bucket = `((ts - ${Math.trunc(alignMs)}) / ${Math.trunc(bucketMs)})`;
    const rows = await this.sql.all(
      `SELECT ${bucket} AS bucket, ${TOTALS} FROM request_log ${where} GROUP BY ${bucket} ORDER BY ${bucket}`,
      params,
    );
    return rows.map((row) => ({
      bucket: Number(row.bucket) * bucketMs + alignMs,
      totalRequests: Number(row.total_requests),
      cacheHits: Number(row.cache_hits ?? 0),
      tokensSaved: Number(row.tokens_saved ?? 0),
      estimatedSavings: Number(row.estimated_savings ?? 0),
      actualCost: Number(row.actual_cost ?? 0),
    }));
  }

  async latency(filter: RequestLogFilter, percentiles: number[]): Promise<{ hits: LatencyGroup; misses: LatencyGroup }> {
    const group = async (condition: string): Promise<LatencyGroup> => {
      const { where, params } = whereOf(filter, [condition, 'status < 400']);
      const [counted] = await this.sql.all(`SELECT count(*) AS n FROM request_log ${where}`, params);
      const count = Number(counted?.n ?? 0);
      const values: number[] = [];
      if (count === 0) return { count, values };
      for (const percentile of percentiles) {
        const rank = Math.max(1, Math.ceil((percentile / 100) * count));
        const [row] = await this.sql.all(
          `SELECT latency_ms FROM request_log ${where} ORDER BY latency_ms LIMIT 1 OFFSET ?`,
          [...params, rank - 1],
        );
        values.push(Number(row?.latency_ms ?? 0));
      }
      return { count, values };
    };
    return { hits: await group(HIT), misses: await group(`cache_status <> 'HIT'`) };
  }

  async breakdown(filter: RequestLogFilter, by: BreakdownBy, limit: number): Promise<BreakdownRow[]> {
    const column = by === 'model' ? 'model' : by === 'key' ? 'key_id' : 'agent_session_id';
    const { where, params } = whereOf(filter);
    const rows = await this.sql.all(
      `SELECT ${column} AS value,
         coalesce(max(CASE WHEN agent_type <> 'unknown' THEN agent_type END), max(agent_type)) AS agent_type, ${TOTALS}, sum(input_tokens) AS input_tokens,
         sum(output_tokens) AS output_tokens, avg(latency_ms) AS avg_latency
       FROM request_log ${where} GROUP BY ${column} ORDER BY count(*) DESC, ${column} LIMIT ?`,
      [...params, limit],
    );
    return rows.map((row) => ({
      value: row.value === null ? null : String(row.value),
      agentType: by === 'session' && row.agent_type !== null ? String(row.agent_type) : null,
      totalRequests: Number(row.total_requests),
      cacheHits: Number(row.cache_hits ?? 0),
      inputTokens: Number(row.input_tokens ?? 0),
      outputTokens: Number(row.output_tokens ?? 0),
      tokensSaved: Number(row.tokens_saved ?? 0),
      estimatedSavings: Number(row.estimated_savings ?? 0),
      actualCost: Number(row.actual_cost ?? 0),
      avgLatencyMs: Number(row.avg_latency ?? 0),
    }));
  }

  deleteOlderThan(cutoffMs: number, batch: number): Promise<number> {
    return this.sql.run(
      'DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE ts < ? LIMIT ?)',
      [cutoffMs, batch],
    );
  }
}

function whereOf(filter: RequestLogFilter, extra: string[] = [], extraParams: unknown[] = []): { where: string; params: unknown[] } {
  const clauses = [...extra];
  const params = [...extraParams];
  const add = (clause: string, ...values: unknown[]): void => {
    clauses.push(clause);
    params.push(...values);
  };
  if (filter.tenantId !== undefined) add('tenant_id = ?', filter.tenantId);
  if (filter.from !== undefined) add('ts >= ?', filter.from);
  if (filter.to !== undefined) add('ts <= ?', filter.to);
  if (filter.status === 'success') add('status < 400');
  else if (filter.status === 'error') add('status >= 400');
  else if (filter.status === 'server_error') add('status >= 500');
  else if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.tier === 'hit') add(HIT);
  else if (filter.tier === 'exact' || filter.tier === 'semantic') add(`${HIT} AND cache_tier = ?`, filter.tier);
  else if (filter.tier !== undefined) add('cache_status = ?', filter.tier.toUpperCase());
  if (filter.model !== undefined) add('model = ?', filter.model);
  if (filter.endpoint !== undefined) add('endpoint = ?', filter.endpoint);
  if (filter.keyId !== undefined) add('key_id = ?', filter.keyId);
  if (filter.sessionId !== undefined) add('agent_session_id = ?', filter.sessionId);
  if (filter.search !== undefined) {
    const pattern = '%' + filter.search.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    add(
      `(lower(model) LIKE ? ESCAPE '\\' OR lower(request_id) LIKE ? ESCAPE '\\'
        OR lower(coalesce(error_type, '')) LIKE ? ESCAPE '\\' OR lower(coalesce(agent_session_id, '')) LIKE ? ESCAPE '\\')`,
      pattern, pattern, pattern, pattern,
    );
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function rowOf(row: Record<string, unknown>): RequestLogRow {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  return {
    id: String(row.id),
    timestamp: Number(row.ts),
    tenantId: String(row.tenant_id),
    keyId: text(row.key_id),
    endpoint: String(row.endpoint),
    provider: String(row.provider),
    model: String(row.model),
    status: Number(row.status),
    cacheStatus: String(row.cache_status) as RequestLogRow['cacheStatus'],
    cacheTier: text(row.cache_tier) as RequestLogRow['cacheTier'],
    similarity: number(row.similarity),
    latencyMs: Number(row.latency_ms),
    upstreamLatencyMs: number(row.upstream_latency_ms),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cost: Number(row.cost),
    costSaved: Number(row.cost_saved),
    coalesced: Number(row.coalesced) === 1,
    agentType: text(row.agent_type),
    agentSessionId: text(row.agent_session_id),
    requestId: String(row.request_id),
    errorType: text(row.error_type),
    requestBody: text(row.request_body),
    responseBody: text(row.response_body),
  };
}
