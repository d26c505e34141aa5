// One completion through the cache, whatever the API: exact and semantic lookup, coalescing of
// identical misses (in this process, and across instances when a ClusterCoalescer is given), the
// upstream call (JSON or streamed) and storing the finished answer. A CompletionProtocol says what
// differs between APIs; this file knows nothing of HTTP nor of any wire format.
import { hash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { SynapseError } from '../../errors.js';
import type { UpstreamProvider, UpstreamRequest } from '../../providers/upstream-provider.js';
import { CacheKeyMemo } from '../cache/cache-key-memo.js';
import type { CacheHit, CachePreview, LayeredCache } from '../cache/layered-cache.js';
import { PriceTable } from '../cache/model-prices.js';
import type { Logger } from '../logger.js';
import type { ClusterCoalescer } from './cluster-coalescer.js';
import type { CompletionProtocol, SemanticView } from './completion-protocol.js';
import type { ProxyMetrics } from './proxy-metrics.js';
import { RequestCoalescer } from './request-coalescer.js';
import { pumpStream } from './stream-pump.js';
import type { UpstreamCaller } from './upstream-caller.js';

export interface CachePolicy {
  /** Serve from the cache when an entry exists. */
  lookup: boolean;
  /** Store the upstream's answer (replacing any entry). */
  store: boolean;
  /** TTL for the stored entry; the configured default when absent. */
  ttlSecs?: number;
  /** A passthrough: counted as a bypass rather than a skip. */
  bypass?: boolean;
}

/** Where the call goes and what of the client's request travels with it. */
export interface UpstreamTarget {
  provider: UpstreamProvider;
  /** The client's query string, forwarded as it is (Claude Code's `?beta=true`). */
  query?: string;
  /** Client headers forwarded to the upstream (`anthropic-version`, `anthropic-beta`). */
  headers?: Record<string, string>;
}

export interface CompletionCall<Body, Answer> {
  tenantId: string;
  protocol: CompletionProtocol<Body, Answer>;
  body: Body;
  /** The exact JSON text `body` was parsed from, when it is unchanged since: its cache key is then remembered. */
  bodyText?: string;
  target: UpstreamTarget;
  cache: CachePolicy;
  /** The workspace the request was asked from (workspace-scope.ts): part of its cache partition. */
  scope?: string;
  /** A client's own provider key: used for this call only, never stored. */
  providerApiKey?: string;
  /**
   * A signal that aborts when the client goes away; asked for only on a miss, since creating
   * one costs more than a whole cache hit's lookup.
   */
  clientSignal: () => AbortSignal;
  /** Told once what the call cost and saved, when its answer is complete (or failed). */
  onFinished?: (usage: FinishedCall) => void;
}

/** What one call used: tokens of the answer served, what the upstream charged and what the cache saved. */
export interface FinishedCall {
  cacheHit: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costSavedUsd: number;
  /** How the cache took part: HIT, MISS (looked up, not found), SKIP (not cacheable or no-cache), BYPASS. */
  cacheStatus: 'HIT' | 'MISS' | 'SKIP' | 'BYPASS';
  /** The tier that answered a hit, and the similarity it matched with (1 for an exact hit). */
  cacheTier?: 'exact' | 'semantic';
  similarity?: number;
  /** Until the upstream answered (headers for a stream); absent on a hit and on a piggybacked call. */
  upstreamLatencyMs?: number;
  /** The answer was another identical call's. */
  coalesced: boolean;
  /** No answer: the upstream call failed or the stream broke off. */
  failed: boolean;
}

/** A preview: the cache's prediction, or why the cache would not be consulted. */
export type CompletionPreview =
  | { cacheable: true; preview: CachePreview; /** How long the preview's lookup took. */ lookupMs: number }
  | { cacheable: false; notCachedBecause: string };

export type CoalescedRole = 'original' | 'piggybacked';

export type CompletionOutcome<Answer> =
  | { kind: 'cached'; hit: CacheHit }
  | { kind: 'answer'; answer: Answer; coalesced?: CoalescedRole }
  /**
   * SSE text in the client's protocol, written as the upstream streams; `answer` resolves with the
   * whole answer when the stream finished and rejects when it broke off.
   */
  /** `events`: the client's SseEvents in object mode (framed as text in src/http). */
  | { kind: 'stream'; events: Readable; answer: Promise<Answer>; coalesced?: CoalescedRole };

interface OpenedStream<Answer> {
  events: Readable;
  answer: Promise<Answer>;
}

/** What the caller that started a coalesced miss gets, and the answer the others share. */
interface LedMiss<Answer> {
  outcome: CompletionOutcome<Answer> & { coalesced: CoalescedRole };
  answer: Promise<Answer>;
}

/** Called once the answer of a miss is stored, or will not be: other instances may look for it then. */
type Settled = () => void;
const NOTHING_TO_SETTLE: Settled = () => undefined;

/** An answer being stored: `written` once its exact entry is (durably, with cache.durability sync), `done` once all is. */
interface StoringAnswer {
  written: Promise<void>;
  done: Promise<void>;
}

/** The parts of a call the miss path needs, computed once. */
interface Miss<Body, Answer> {
  call: CompletionCall<Body, Answer>;
  cacheKey: string;
  /** The semantic view, built only when the exact tier missed or an answer is stored. */
  view: () => SemanticView | undefined;
}

/** This process's coalescing since it started: misses that called upstream, and those that shared another's call. */
export interface CoalescingStats {
  inFlight: number;
  original: number;
  piggybacked: number;
}

export class CompletionPipeline {
  private readonly coalescer = new RequestCoalescer<unknown>();
  private readonly keys = new CacheKeyMemo();
  private readonly coalesced = { original: 0, piggybacked: 0 };

  constructor(
    private readonly caller: UpstreamCaller,
    private readonly cache: LayeredCache | undefined,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
    private readonly cluster?: ClusterCoalescer,
    private readonly prices: PriceTable = new PriceTable(),
  ) {}

  /** Answers synchronously when the entry is in the cache's memory layer, else with a promise. */
  complete<Body, Answer>(call: CompletionCall<Body, Answer>): CompletionOutcome<Answer> | Promise<CompletionOutcome<Answer>> {
    const { protocol, body } = call;
    const cacheable = this.cache !== undefined && protocol.isCacheableRequest(body);
    const lookup = cacheable && call.cache.lookup;
    const store = cacheable && call.cache.store;
    const cacheKey = lookup || store ? this.cacheKeyOf(call) : '';
    if (!lookup) {
      const status = store ? 'MISS' : call.cache.bypass ? 'BYPASS' : 'SKIP';
      this.metrics.recordCacheLookup(status === 'MISS' ? 'miss' : status === 'BYPASS' ? 'bypass' : 'skip');
      return this.completeMiss({ call, cacheKey, view: () => semanticViewOf(call) }, lookup, store, status);
    }
    const miss = { call, cacheKey, view: once(() => semanticViewOf(call)) };
    const found = this.cache!.lookup(call.tenantId, cacheKey, miss.view);
    if (!(found instanceof Promise)) return this.afterLookup(found, miss, store);
    return found.then((hit) => this.afterLookup(hit, miss, store));
  }

  /**
   * The answer when the exact layer holds it in memory, counted and reported as complete() would
   * count and report it; undefined otherwise, with nothing counted, read or started (the caller
   * goes on with complete()). For the HTTP layer's shortcut for hits (src/http/hit-shortcut/).
   */
  answerFromMemory<Body, Answer>(call: Omit<CompletionCall<Body, Answer>, 'clientSignal'>): CompletionOutcome<Answer> | undefined {
    if (this.cache === undefined || !call.cache.lookup || !call.protocol.isCacheableRequest(call.body)) return undefined;
    const hit = this.cache.exactHitInMemory(call.tenantId, this.cacheKeyOf(call));
    return hit ? this.served(hit, call) : undefined;
  }

  /** The call's exact-cache key: remembered by its request text when it has one (cache-key-memo.ts). */
  private cacheKeyOf<Body, Answer>(call: Omit<CompletionCall<Body, Answer>, 'clientSignal'>): string {
    return this.keys.keyOf(call.tenantId, call.protocol, call.body, call.bodyText, call.scope);
  }

  /**
   * What complete() would answer from the cache for this call, its key and semantic view found the
   * same way; the lookup is the one POST /api/v1/cache/preview makes. Never calls the upstream,
   * stores nothing and counts nothing.
   */
  async preview<Body, Answer>(call: CompletionCall<Body, Answer>): Promise<CompletionPreview> {
    const { protocol, body } = call;
    if (!this.cache) return { cacheable: false, notCachedBecause: 'the cache is off' };
    if (call.cache.bypass) return { cacheable: false, notCachedBecause: 'x-synapse-passthrough: the request is sent on as it is' };
    if (!protocol.isCacheableRequest(body)) return { cacheable: false, notCachedBecause: 'the answer depends on state kept by the upstream' };
    if (!call.cache.lookup) return { cacheable: false, notCachedBecause: 'the cache directives skip the lookup (skip-cache, force-refresh or no-cache)' };
    const started = performance.now();
    const preview = await this.cache.preview(call.tenantId, this.cacheKeyOf(call), semanticViewOf(call));
    return { cacheable: true, preview, lookupMs: performance.now() - started };
  }

  private afterLookup<Body, Answer>(
    hit: CacheHit | undefined,
    miss: Miss<Body, Answer>,
    store: boolean,
  ): CompletionOutcome<Answer> | Promise<CompletionOutcome<Answer>> {
    if (!hit) {
      this.metrics.recordCacheLookup('miss');
      return this.completeMiss(miss, true, store, 'MISS');
    }
    return this.served(hit, miss.call);
  }

  /** A hit: counted, and its usage reported to the call. */
  private served<Body, Answer>(hit: CacheHit, call: Pick<CompletionCall<Body, Answer>, 'onFinished'>): CompletionOutcome<Answer> {
    this.metrics.recordCacheLookup('hit', hit.source);
    const { cached } = hit;
    call.onFinished?.({
      cacheHit: true,
      inputTokens: cached.promptTokens,
      outputTokens: cached.completionTokens,
      costUsd: 0,
      costSavedUsd: this.prices.estimateCostUsd(cached.model, cached.promptTokens, cached.completionTokens),
      cacheStatus: 'HIT',
      cacheTier: hit.source,
      similarity: hit.similarity,
      coalesced: false,
      failed: false,
    });
    return { kind: 'cached', hit };
  }

  private completeMiss<Body, Answer>(
    miss: Miss<Body, Answer>,
    lookup: boolean,
    store: boolean,
    cacheStatus: FinishedCall['cacheStatus'],
  ): Promise<CompletionOutcome<Answer>> {
    const started = performance.now();
    const outcome = this.callUpstream(miss, lookup, store);
    const { onFinished } = miss.call;
    if (!onFinished) return outcome;
    let upstreamLatencyMs: number | undefined;
    let coalesced = false;
    const report = (answer: Answer | undefined): void => {
      const usage = this.finishedMiss(miss.call, answer);
      onFinished({ ...usage, cacheStatus, coalesced, ...(upstreamLatencyMs !== undefined ? { upstreamLatencyMs } : {}) });
    };
    outcome.then(
      (settled) => {
        coalesced = settled.kind !== 'cached' && settled.coalesced === 'piggybacked';
        if (!coalesced) upstreamLatencyMs = performance.now() - started;
        if (settled.kind === 'answer') report(settled.answer);
        else if (settled.kind === 'stream') settled.answer.then(report, () => report(undefined));
      },
      () => {
        upstreamLatencyMs = performance.now() - started;
        report(undefined);
      },
    );
    return outcome;
  }

  private async callUpstream<Body, Answer>(miss: Miss<Body, Answer>, lookup: boolean, store: boolean): Promise<CompletionOutcome<Answer>> {
    const { call } = miss;
    const storeKey = store ? miss.cacheKey : undefined;
    const wantsStream = call.protocol.wantsStream(call.body);
    const signal = call.clientSignal();
    if (!(lookup && store)) {
      // Refreshes and uncached calls are never shared with other callers.
      if (!wantsStream) return { kind: 'answer', answer: await this.fetchAnswer(miss, signal, storeKey) };
      const opened = await this.openStream(miss, signal, storeKey);
      opened.answer.catch(() => undefined); // failures are reported in the stream itself
      return { kind: 'stream', events: opened.events, answer: opened.answer };
    }
    return this.completeCoalesced(miss, signal, wantsStream);
  }

  private async completeCoalesced<Body, Answer>(
    miss: Miss<Body, Answer>,
    clientSignal: AbortSignal,
    wantsStream: boolean,
  ): Promise<CompletionOutcome<Answer>> {
    let led: Promise<LedMiss<Answer>> | undefined;
    const flight = this.coalescer.join(flightKey(miss), clientSignal, (signal) => {
      led = this.leadMiss(miss, signal, wantsStream);
      return led.then((leader) => leader.answer);
    });
    if (!led) {
      this.countCoalesced('piggybacked');
      return { kind: 'answer', answer: (await flight.result) as Answer, coalesced: 'piggybacked' };
    }
    const { outcome } = await led;
    this.countCoalesced(outcome.coalesced);
    return outcome;
  }

  private countCoalesced(role: 'original' | 'piggybacked'): void {
    this.coalesced[role] += 1;
    this.metrics.recordCoalesced(role);
  }

  coalescingStats(): CoalescingStats {
    return { inFlight: this.coalescer.size, ...this.coalesced };
  }

  /**
   * Forgets the calls in flight: their callers still get their answers, but a new identical miss
   * starts a call of its own instead of joining one. Returns how many were forgotten.
   */
  flushCoalescing(): number {
    return this.coalescer.forgetAll();
  }

  /** The miss as this process's first caller makes it: unless another instance already is. */
  private async leadMiss<Body, Answer>(miss: Miss<Body, Answer>, signal: AbortSignal, wantsStream: boolean): Promise<LedMiss<Answer>> {
    const flight = await this.joinClusterFlight(miss, signal);
    if ('shared' in flight) {
      return { outcome: { kind: 'answer', answer: flight.shared, coalesced: 'piggybacked' }, answer: Promise.resolve(flight.shared) };
    }
    try {
      if (!wantsStream) {
        const answer = await this.fetchAnswer(miss, signal, miss.cacheKey, flight.settled);
        return { outcome: { kind: 'answer', answer, coalesced: 'original' }, answer: Promise.resolve(answer) };
      }
      const opened = await this.openStream(miss, signal, miss.cacheKey, flight.settled);
      return { outcome: { kind: 'stream', events: opened.events, answer: opened.answer, coalesced: 'original' }, answer: opened.answer };
    } catch (error) {
      flight.settled();
      throw error;
    }
  }

  /** Leads the miss across instances, or waits for the instance that does and shares its stored answer. */
  private async joinClusterFlight<Body, Answer>(
    miss: Miss<Body, Answer>,
    signal: AbortSignal,
  ): Promise<{ settled: Settled } | { shared: Answer }> {
    if (!this.cluster) return { settled: NOTHING_TO_SETTLE };
    const key = flightKey(miss);
    const first = await this.cluster.enter(key);
    if (first.leader) return { settled: first.finish };
    const { tenantId } = miss.call;
    const found = await this.cluster.awaitLeader(key, signal, () => this.cache!.exact.peek(tenantId, miss.cacheKey));
    if (found) return { shared: JSON.parse(found.bodyText) as Answer };
    // The leader failed, died or is too slow: call the upstream, leading the next wave if there is one.
    const second = await this.cluster.enter(key);
    return { settled: second.leader ? second.finish : NOTHING_TO_SETTLE };
  }

  private async fetchAnswer<Body, Answer>(
    miss: Miss<Body, Answer>,
    signal: AbortSignal,
    storeKey: string | undefined,
    settled: Settled = NOTHING_TO_SETTLE,
  ): Promise<Answer> {
    const { call } = miss;
    const response = await this.caller.send(call.target.provider, upstreamRequest(call, false, signal));
    let answer: Answer;
    try {
      answer = call.protocol.parseAnswer(await response.text(), call.body);
    } catch (error) {
      if (signal.aborted || error instanceof SynapseError) throw error;
      throw new SynapseError('upstream_failed', { detail: 'unreadable response body' }, { cause: error, upstreamStatus: response.status });
    }
    if (storeKey !== undefined && call.protocol.isCacheableAnswer(answer)) {
      // Not awaited: the entry is visible to lookups at once; embedding and indexing it for the
      // semantic layer must not delay this answer. With cache.durability sync the answer waits
      // for its entry to be written, and only for that.
      const storing = this.storeAnswer(miss, storeKey, answer);
      void storing.done.then(settled);
      if (this.cache!.durable) await storing.written;
    } else {
      settled();
    }
    return answer;
  }

  private async openStream<Body, Answer>(
    miss: Miss<Body, Answer>,
    signal: AbortSignal,
    storeKey: string | undefined,
    settled: Settled = NOTHING_TO_SETTLE,
  ): Promise<OpenedStream<Answer>> {
    const { call } = miss;
    const response = await this.caller.send(call.target.provider, upstreamRequest(call, true, signal));
    const events = new PassThrough({ objectMode: true });
    const relay = call.protocol.streamRelay(call.body);
    const keep = (finished: Answer): boolean =>
      storeKey !== undefined && relay.lossless !== false && call.protocol.isCacheableAnswer(finished);
    let storing: StoringAnswer | undefined;
    // With cache.durability sync the stream's closing events wait until its entry is written.
    const beforeEnd = this.cache?.durable && storeKey !== undefined
      ? async (finished: Answer): Promise<void> => {
          if (!keep(finished)) return;
          storing = this.storeAnswer(miss, storeKey, finished);
          await storing.written;
        }
      : undefined;
    const answer = pumpStream(response, events, relay, signal, beforeEnd).then(
      (finished) => {
        if (!storing && keep(finished)) storing = this.storeAnswer(miss, storeKey!, finished);
        if (storing) void storing.done.then(settled);
        else settled();
        return finished;
      },
      (error: unknown) => {
        settled();
        throw error;
      },
    );
    return { events, answer };
  }

  /** The usage of a miss: the answer's tokens at the model's price, or nothing when it failed. */
  private finishedMiss<Body, Answer>(
    call: CompletionCall<Body, Answer>,
    answer: Answer | undefined,
  ): Pick<FinishedCall, 'cacheHit' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'costSavedUsd' | 'failed'> {
    const usage = answer === undefined ? { inputTokens: 0, outputTokens: 0 } : call.protocol.usageOf(answer);
    const costUsd = this.prices.estimateCostUsd(call.protocol.model(call.body), usage.inputTokens, usage.outputTokens);
    return { cacheHit: false, ...usage, costUsd, costSavedUsd: 0, failed: answer === undefined };
  }

  /** Stores the answer; never rejects (the caller still gets its answer; a failure only costs a future hit). */
  private storeAnswer<Body, Answer>(miss: Miss<Body, Answer>, cacheKey: string, answer: Answer): StoringAnswer {
    const { call } = miss;
    let markWritten!: () => void;
    const written = new Promise<void>((resolve) => (markWritten = resolve));
    const done = (async () => {
      try {
        const input = { model: call.protocol.model(call.body), answer, usage: call.protocol.usageOf(answer), semanticView: miss.view() };
        await this.cache!.store(call.tenantId, cacheKey, input, call.cache.ttlSecs, markWritten);
      } catch (error) {
        this.logger.error({ err: error }, 'storing a cache entry failed');
      } finally {
        markWritten();
      }
    })();
    return { written, done };
  }
}

function semanticViewOf<Body, Answer>(call: CompletionCall<Body, Answer>): SemanticView | undefined {
  const view = call.protocol.semanticView(call.body);
  const { keyspace } = call.protocol;
  if (view === undefined) return undefined;
  // Keeps each API's paraphrases in partitions of their own, as keyspaces do for exact keys, and
  // each workspace's as well.
  const scoped = call.scope === undefined ? view : { ...view, '\u0000workspace': call.scope };
  return keyspace === '' ? scoped : { ...scoped, '\u0000keyspace': keyspace };
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}


/**
 * Identical misses share one upstream call only when they would be made with the same provider
 * credentials: one caller's key must never answer (or fail, or be billed) for another's.
 */
function flightKey<Body, Answer>(miss: Miss<Body, Answer>): string {
  const { call } = miss;
  const credentials = call.providerApiKey === undefined ? '' : ':' + hash('sha256', call.providerApiKey, 'base64url');
  return `${call.tenantId}:${miss.cacheKey}${credentials}`;
}

function upstreamRequest<Body, Answer>(call: CompletionCall<Body, Answer>, stream: boolean, signal: AbortSignal): UpstreamRequest {
  const { path, body } = call.protocol.upstreamCall(call.body, stream);
  const { query, headers } = call.target;
  return {
    method: 'POST',
    path,
    body,
    ...(query ? { query } : {}),
    ...(headers ? { headers } : {}),
    ...(call.providerApiKey ? { apiKey: call.providerApiKey } : {}),
    signal,
    ...(stream ? { stream: true } : {}),
  };
}
