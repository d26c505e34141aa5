// Reads of the request log for the log and analytics routes: pages of rows, savings per period
// (hour, day and ISO week buckets computed by the store; months rolled up here from days), latency
// percentiles of hits against upstream answers, and totals per model, key or agent session.
import { SynapseError } from '../../errors.js';
import type {
  BreakdownBy, BreakdownRow, LatencyGroup, PeriodTotals, RequestLogFilter, RequestLogRow, RequestLogStore,
} from '../../stores/ports/request-log-store.js';
import type { RequestLogWriter } from './request-log-writer.js';

export type Granularity = 'hour' | 'day' | 'week' | 'month';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 1970-01-05, the first Monday after the epoch: ISO weeks start on Mondays. */
const FIRST_MONDAY = 4 * DAY;
export const LATENCY_PERCENTILES = [50, 95, 99] as const;

export interface LatencyPercentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export class RequestAnalytics {
  constructor(
    private readonly store: RequestLogStore,
    private readonly writer: RequestLogWriter,
  ) {}

  /** Newest first; this instance's queued rows are written first, so a call just made is listed. */
  async list(filter: RequestLogFilter, page: number, limit: number): Promise<{ rows: RequestLogRow[]; total: number }> {
    await this.writer.flush();
    return this.store.list(filter, (page - 1) * limit, limit);
  }

  async get(tenantId: string | undefined, id: string): Promise<RequestLogRow> {
    await this.writer.flush();
    const row = await this.store.get(tenantId, id);
    if (!row) throw new SynapseError('request_log_not_found', { id });
    return row;
  }

  async savings(filter: RequestLogFilter, granularity: Granularity): Promise<PeriodTotals[]> {
    await this.writer.flush();
    if (granularity === 'hour') return this.store.periods(filter, HOUR, 0);
    if (granularity === 'week') return this.store.periods(filter, 7 * DAY, FIRST_MONDAY);
    const days = await this.store.periods(filter, DAY, 0);
    return granularity === 'day' ? days : rollUpMonths(days);
  }

  async latency(filter: RequestLogFilter): Promise<{ hits: LatencyPercentiles; misses: LatencyPercentiles }> {
    await this.writer.flush();
    const { hits, misses } = await this.store.latency(filter, [...LATENCY_PERCENTILES]);
    return { hits: percentilesOf(hits), misses: percentilesOf(misses) };
  }

  async breakdown(filter: RequestLogFilter, by: BreakdownBy, limit: number): Promise<BreakdownRow[]> {
    await this.writer.flush();
    return this.store.breakdown(filter, by, limit);
  }
}

function rollUpMonths(days: PeriodTotals[]): PeriodTotals[] {
  const months = new Map<number, PeriodTotals>();
  for (const day of days) {
    const date = new Date(day.bucket);
    const bucket = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const month = months.get(bucket);
    if (!month) {
      months.set(bucket, { ...day, bucket });
      continue;
    }
    month.totalRequests += day.totalRequests;
    month.cacheHits += day.cacheHits;
    month.tokensSaved += day.tokensSaved;
    month.estimatedSavings += day.estimatedSavings;
    month.actualCost += day.actualCost;
  }
  return [...months.values()];
}

function percentilesOf(group: LatencyGroup): LatencyPercentiles {
  const [p50 = null, p95 = null, p99 = null] = group.count === 0 ? [] : group.values;
  return { count: group.count, p50, p95, p99 };
}
