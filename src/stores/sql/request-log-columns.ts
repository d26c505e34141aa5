// The request log's columns, in the order the SQL stores insert them, and a row's values in that order.
import type { RequestLogRow } from '../ports/request-log-store.js';

export const REQUEST_LOG_COLUMNS = [
  'id', 'ts', 'tenant_id', 'key_id', 'endpoint', 'provider', 'model', 'status', 'cache_status', 'cache_tier',
  'similarity', 'latency_ms', 'upstream_latency_ms', 'input_tokens', 'output_tokens', 'cost', 'cost_saved',
  'coalesced', 'agent_type', 'agent_session_id', 'request_id', 'error_type', 'request_body', 'response_body',
] as const;

/** A row's values in REQUEST_LOG_COLUMNS order. */
export function columnValues(row: RequestLogRow): unknown[] {
  return [
    row.id, row.timestamp, row.tenantId, row.keyId, row.endpoint, row.provider, row.model, row.status, row.cacheStatus,
    row.cacheTier, row.similarity, row.latencyMs, row.upstreamLatencyMs, row.inputTokens, row.outputTokens, row.cost,
    row.costSaved, row.coalesced ? 1 : 0, row.agentType, row.agentSessionId, row.requestId, row.errorType,
    row.requestBody, row.responseBody,
  ];
}
