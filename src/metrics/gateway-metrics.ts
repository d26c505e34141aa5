// Prometheus metrics for one gateway instance, on its own registry (no global state).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FallbackMetrics } from '../domain/cluster/outage-monitor.js';
import type { CacheOutcome, ProxyMetrics } from '../domain/proxy/proxy-metrics.js';
import { KeyPathIndex } from '../key-path-index.js';
import { BoundCounter, BoundHistogram } from './bound-series.js';

/** One finished proxied call, with labels already bounded (unknown models as `other`). */
export interface ProxyCall {
  endpoint: string;
  provider: string;
  model: string;
  /** hit_exact, hit_semantic, miss, skip, bypass, error */
  cache: string;
  inputTokens: number;
  outputTokens: number;
  seconds: number;
}

export interface ProxyCallMetrics {
  recordProxyCall(call: ProxyCall): void;
}

type CallLabel = 'endpoint' | 'provider' | 'model' | 'cache';

export class GatewayMetrics implements ProxyMetrics, FallbackMetrics, ProxyCallMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly cacheLookups: Counter<'result' | 'source'>;
  private readonly upstreamErrors: Counter<'upstream' | 'kind'>;
  private readonly upstreamDuration: Histogram<'upstream'>;
  private readonly coalesced: Counter<'role'>;
  private readonly rateLimited: Counter<'group'>;
  private readonly shortcutHits: Counter<'route'>;
  private readonly shortcutSeries = new Map<string, BoundCounter>();
  private readonly embedderFailures: Counter;
  private readonly sharedFallbacks: Counter<'backend' | 'operation'>;
  private readonly proxyCalls: Counter<CallLabel>;
  private readonly proxyTokens: Counter<CallLabel | 'direction'>;
  private readonly proxyDuration: Histogram<CallLabel>;
  /** Bound series per endpoint, provider, model and cache outcome. */
  private readonly callSeries = new KeyPathIndex(([endpoint, provider, model, cache]: [string, string, string, string]) => {
    const labels = { endpoint, provider, model, cache };
    return {
      count: new BoundCounter(this.proxyCalls, labels),
      input: new BoundCounter(this.proxyTokens, { ...labels, direction: 'input' }),
      output: new BoundCounter(this.proxyTokens, { ...labels, direction: 'output' }),
      duration: new BoundHistogram(this.proxyDuration, labels),
    };
  });
  private readonly cacheSeries = new Map<string, BoundCounter>();
  /** Label-bound series per route, method and status (src/metrics/bound-series.ts): the hot path's metrics. */
  private readonly requestSeries = new KeyPathIndex(([route, method, status]: [string, string, number]) => {
    const labels = { method, route, status: String(status) };
    return { count: new BoundCounter(this.requests, labels), duration: new BoundHistogram(this.duration, labels) };
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'synapse_' });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'synapse_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'synapse_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.cacheLookups = new Counter({
      name: 'synapse_cache_requests_total',
      help: 'Proxied requests by cache result (hit, miss, skip, bypass)',
      labelNames: ['result', 'source'],
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'synapse_upstream_errors_total',
      help: 'Failed upstream calls by upstream and kind',
      labelNames: ['upstream', 'kind'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: 'synapse_upstream_response_seconds',
      help: 'Time until the upstream answered (headers)',
      labelNames: ['upstream'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.coalesced = new Counter({
      name: 'synapse_coalesced_requests_total',
      help: 'Cache misses by coalescing role',
      labelNames: ['role'],
      registers,
    });
    this.embedderFailures = new Counter({
      name: 'synapse_embedder_failures_total',
      help: 'Embedding calls that failed; those requests fell back to the exact-match cache',
      registers,
    });
    this.sharedFallbacks = new Counter({
      name: 'synapse_shared_backend_fallbacks_total',
      help: 'Uses of a shared backend (Redis) skipped because it was unreachable, by operation',
      labelNames: ['backend', 'operation'],
      registers,
    });
    const callLabels: CallLabel[] = ['endpoint', 'provider', 'model', 'cache'];
    this.proxyCalls = new Counter({
      name: 'synapse_proxy_requests_total',
      help: 'Proxied calls by endpoint, provider, model (unknown models as other) and cache outcome',
      labelNames: callLabels,
      registers,
    });
    this.proxyTokens = new Counter({
      name: 'synapse_proxy_tokens_total',
      help: 'Tokens of the answers served, by direction (input, output), endpoint, provider, model and cache outcome',
      labelNames: [...callLabels, 'direction'],
      registers,
    });
    this.proxyDuration = new Histogram({
      name: 'synapse_proxy_request_duration_seconds',
      help: 'Total latency of proxied calls by endpoint, provider, model and cache outcome',
      labelNames: callLabels,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'synapse_rate_limited_requests_total',
      help: 'Requests refused by the rate limiter, by endpoint group',
      labelNames: ['group'],
      registers,
    });
    this.shortcutHits = new Counter({
      name: 'synapse_http_shortcut_hits_total',
      help: 'Exact-cache hits answered by the shortcut before routing (src/http/hit-shortcut/), by route; also counted in synapse_http_requests_total',
      labelNames: ['route'],
      registers,
    });
  }

  /** A hit the shortcut answered (src/http/hit-shortcut/). */
  recordShortcutHit(route: string): void {
    let series = this.shortcutSeries.get(route);
    if (!series) {
      series = new BoundCounter(this.shortcutHits, { route });
      this.shortcutSeries.set(route, series);
    }
    series.inc();
  }

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const series = this.requestSeries.get([route, method, status]);
    series.count.inc();
    series.duration.observe(seconds);
  }

  recordProxyCall(call: ProxyCall): void {
    const series = this.callSeries.get([call.endpoint, call.provider, call.model, call.cache]);
    series.count.inc();
    if (call.inputTokens > 0) series.input.inc(call.inputTokens);
    if (call.outputTokens > 0) series.output.inc(call.outputTokens);
    series.duration.observe(call.seconds);
  }

  recordCacheLookup(outcome: CacheOutcome, source?: 'exact' | 'semantic'): void {
    const key = outcome + ':' + (source ?? 'none');
    let series = this.cacheSeries.get(key);
    if (!series) {
      series = new BoundCounter(this.cacheLookups, { result: outcome, source: source ?? 'none' });
      this.cacheSeries.set(key, series);
    }
    series.inc();
  }

  recordUpstreamError(upstream: string, kind: string): void {
    this.upstreamErrors.inc({ upstream, kind });
  }

  recordUpstreamLatency(upstream: string, seconds: number): void {
    this.upstreamDuration.observe({ upstream }, seconds);
  }

  recordCoalesced(role: 'original' | 'piggybacked'): void {
    this.coalesced.inc({ role });
  }

  recordEmbedderFailure(): void {
    this.embedderFailures.inc();
  }

  recordSharedFallback(backend: string, operation: string): void {
    this.sharedFallbacks.inc({ backend, operation });
  }

  recordRateLimited(group: string): void {
    this.rateLimited.inc({ group });
  }
}
