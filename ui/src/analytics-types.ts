// The shapes of the request log and analytics API (docs/request-log.md) that the dashboard reads.
export interface SavingsRow {
  period: string;
  totalRequests: number;
  cacheHits: number;
  cacheMisses: number;
  hitRate: number;
  tokensSaved: number;
  estimatedSavings: number;
  actualCost: number;
}

export interface Savings {
  data: SavingsRow[];
  summary: Omit<SavingsRow, 'period'>;
}

interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface Latency {
  hits: Percentiles;
  misses: Percentiles;
}

export interface BreakdownRow {
  value: string | null;
  agentType: string | null;
  totalRequests: number;
  cacheHits: number;
  hitRate: number;
  tokensSaved: number;
  estimatedSavings: number;
  actualCost: number;
  avgLatencyMs: number;
}

export interface LogEntry {
  id: string;
  timestamp: string;
  tenantId: string;
  keyId: string | null;
  endpoint: string;
  provider: string;
  model: string;
  status: number;
  cacheStatus: string;
  cacheTier: string | null;
  similarity: number | null;
  latencyMs: number;
  upstreamLatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  costSaved: number;
  coalesced: boolean;
  agentType: string | null;
  agentSessionId: string | null;
  requestId: string;
  errorType: string | null;
  requestBody?: string | null;
  responseBody?: string | null;
}

export interface LogPage {
  data: LogEntry[];
  pagination: { page: number; limit: number; total: number; totalPages: number };
}
