// Cache statistics per tenant: entries and hits from the store (durable), misses counted by this
// process since it started, and tokens and dollars saved priced per model.
import type { CacheUsageRow } from '../../stores/ports/cache-store.js';
import { estimateCostUsd } from './model-prices.js';

export interface TenantCacheStats {
  tenantId: string;
  entries: number;
  hits: number;
  misses: number;
  hitRate: number;
  tokensSaved: number;
  usdSaved: number;
}

export interface CacheStats extends Omit<TenantCacheStats, 'tenantId'> {
  byTenant: TenantCacheStats[];
}

export function summarizeCacheStats(rows: CacheUsageRow[], missesByTenant: ReadonlyMap<string, number>, tenantIds: string[]): CacheStats {
  const byTenant = new Map<string, TenantCacheStats>();
  const tenantStats = (tenantId: string): TenantCacheStats => {
    let stats = byTenant.get(tenantId);
    if (!stats) {
      stats = { tenantId, entries: 0, hits: 0, misses: missesByTenant.get(tenantId) ?? 0, hitRate: 0, tokensSaved: 0, usdSaved: 0 };
      byTenant.set(tenantId, stats);
    }
    return stats;
  };
  for (const tenantId of tenantIds) tenantStats(tenantId);
  for (const row of rows) {
    const stats = tenantStats(row.tenantId);
    stats.entries += row.entries;
    stats.hits += row.hits;
    stats.tokensSaved += row.promptTokensSaved + row.completionTokensSaved;
    stats.usdSaved += estimateCostUsd(row.model, row.promptTokensSaved, row.completionTokensSaved);
  }
  const tenants = [...byTenant.values()].sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  for (const stats of tenants) finish(stats);
  const total = finish({
    entries: sum(tenants, 'entries'),
    hits: sum(tenants, 'hits'),
    misses: sum(tenants, 'misses'),
    hitRate: 0,
    tokensSaved: sum(tenants, 'tokensSaved'),
    usdSaved: sum(tenants, 'usdSaved'),
  });
  return { ...total, byTenant: tenants };
}

function finish<T extends Omit<TenantCacheStats, 'tenantId'>>(stats: T): T {
  const lookups = stats.hits + stats.misses;
  stats.hitRate = lookups === 0 ? 0 : round(stats.hits / lookups);
  stats.usdSaved = round(stats.usdSaved);
  return stats;
}

function sum(list: TenantCacheStats[], field: 'entries' | 'hits' | 'misses' | 'tokensSaved' | 'usdSaved'): number {
  return list.reduce((total, item) => total + item[field], 0);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
