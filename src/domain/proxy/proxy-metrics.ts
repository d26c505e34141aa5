// What the proxy reports to monitoring; src/metrics/ implements it with prom-client.

export type CacheOutcome = 'hit' | 'miss' | 'skip' | 'bypass';

export interface ProxyMetrics {
  recordCacheLookup(outcome: CacheOutcome, source?: 'exact' | 'semantic'): void;
  recordUpstreamError(upstream: string, kind: string): void;
  recordUpstreamLatency(upstream: string, seconds: number): void;
  recordCoalesced(role: 'original' | 'piggybacked'): void;
}

export const noopProxyMetrics: ProxyMetrics = {
  recordCacheLookup: () => undefined,
  recordUpstreamError: () => undefined,
  recordUpstreamLatency: () => undefined,
  recordCoalesced: () => undefined,
};
