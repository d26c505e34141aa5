// Port for the request log: one row per proxied call, appended in batches by the domain's
// RequestLogWriter, read by the log and analytics routes, pruned by age.

export type CacheStatus = 'HIT' | 'MISS' | 'SKIP' | 'BYPASS';

/** One proxied call. Times are epoch ms; `tenantId` undefined in a filter means every tenant. */
export interface RequestLogRow {
  id: string;
  timestamp: number;
  tenantId: string;
  keyId: string | null;
  endpoint: string;
  provider: string;
  model: string;
  status: number;
  cacheStatus: CacheStatus;
  cacheTier: 'exact' | 'semantic' | null;
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
  requestBody: string | null;
  responseBody: string | null;
}

export type LogTier = 'hit' | 'exact' | 'semantic' | 'miss' | 'skip' | 'bypass';

export interface RequestLogFilter {
  tenantId?: string;
  from?: number;
  to?: number;
  /** An HTTP status, or every success (< 400), error (>= 400) or server error (>= 500). */
  status?: number | 'success' | 'error' | 'server_error';
  tier?: LogTier;
  model?: string;
  endpoint?: string;
  keyId?: string;
  sessionId?: string;
  /** Substring of model, request id, error type or agent session id. */
  search?: string;
}

export interface PeriodTotals {
  /** Start of the bucket, epoch ms. */
  bucket: number;
  totalRequests: number;
  cacheHits: number;
  tokensSaved: number;
  estimatedSavings: number;
  actualCost: number;
}

export interface LatencyGroup {
  count: number;
  /** Latencies at the asked percentiles (nearest rank), in order; empty when count is 0. */
  values: number[];
}

export type BreakdownBy = 'model' | 'key' | 'session';

export interface BreakdownRow {
  value: string | null;
  agentType: string | null;
  totalRequests: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  tokensSaved: number;
  estimatedSavings: number;
  actualCost: number;
  avgLatencyMs: number;
}

/**
 * Rows gathered for one append, kept in a form of the store's choosing from the moment they are
 * added: the writer holds no row objects while a batch fills.
 */
export interface RequestLogBatch {
  /** Rows added so far. */
  readonly rows: number;
  add(row: RequestLogRow): void;
  /** Adds the rows of a later batch of the same store after its own (the later batch is not used again). */
  absorb(later: RequestLogBatch): void;
}

export interface RequestLogStore {
  /** An empty batch, for append(). */
  newBatch(): RequestLogBatch;
  /** Appends a batch this store made; a batch whose append failed may be appended again. */
  append(batch: RequestLogBatch): Promise<void>;
  /** Newest first. */
  list(filter: RequestLogFilter, offset: number, limit: number): Promise<{ rows: RequestLogRow[]; total: number }>;
  get(tenantId: string | undefined, id: string): Promise<RequestLogRow | undefined>;
  /** Totals per bucket of `bucketMs` (aligned to `alignMs` past the epoch), oldest first. */
  periods(filter: RequestLogFilter, bucketMs: number, alignMs: number): Promise<PeriodTotals[]>;
  /** Latency percentiles (0..100) of hits and of successful non-hits. */
  latency(filter: RequestLogFilter, percentiles: number[]): Promise<{ hits: LatencyGroup; misses: LatencyGroup }>;
  breakdown(filter: RequestLogFilter, by: BreakdownBy, limit: number): Promise<BreakdownRow[]>;
  /** Deletes at most `batch` rows older than the cutoff; returns how many. */
  deleteOlderThan(cutoffMs: number, batch: number): Promise<number>;
}
