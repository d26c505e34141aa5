// Chat completions through the cache: exact lookup, coalescing of identical misses (in this process,
// and across instances when a ClusterCoalescer is given), the upstream call (JSON or streamed), and
// storing the finished answer. Knows nothing of HTTP.
import { PassThrough, type Readable } from 'node:stream';
import { SynapseError } from '../../errors.js';
import type { UpstreamProvider } from '../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../providers/upstream-router.js';
import { computeCacheKey } from '../cache/cache-key.js';
import type { CacheHit, LayeredCache } from '../cache/layered-cache.js';
import type { Logger } from '../logger.js';
import type { ChatCompletion, ChatRequestBody } from './chat-types.js';
import type { ClusterCoalescer } from './cluster-coalescer.js';
import type { ProxyMetrics } from './proxy-metrics.js';
import { RequestCoalescer } from './request-coalescer.js';
import { pumpCompletionStream } from './stream-pump.js';
import type { UpstreamCaller } from './upstream-caller.js';

export interface CachePolicy {
  /** Serve from the cache when an entry exists. */
  lookup: boolean;
  /** Store the upstream's answer (replacing any entry). */
  store: boolean;
  /** TTL for the stored entry; the configured default when absent. */
  ttlSecs?: number;
}

export interface ChatCall {
  tenantId: string;
  body: ChatRequestBody;
  cache: CachePolicy;
  /** A client's own provider key: used for this call only, never stored. */
  providerApiKey?: string;
  /**
   * A signal that aborts when the client goes away; asked for only on a miss, since creating
   * one costs more than a whole cache hit's lookup.
   */
  clientSignal: () => AbortSignal;
}

export type CoalescedRole = 'original' | 'piggybacked';

export type ChatOutcome =
  | { kind: 'cached'; hit: CacheHit }
  | { kind: 'completion'; completion: ChatCompletion; coalesced?: CoalescedRole }
  | { kind: 'stream'; events: Readable; coalesced?: CoalescedRole };

interface OpenedStream {
  events: Readable;
  completion: Promise<ChatCompletion>;
}

/** What the caller that started a coalesced miss gets, and the answer the others share. */
interface LedMiss {
  outcome: ChatOutcome & { coalesced: CoalescedRole };
  completion: Promise<ChatCompletion>;
}

/** Called once the answer of a miss is stored, or will not be: other instances may look for it then. */
type Settled = () => void;
const NOTHING_TO_SETTLE: Settled = () => undefined;

/** Request fields of ours that an OpenAI upstream would reject as unknown. */
const GATEWAY_ONLY_FIELDS = ['session_id'];

export class ChatCompletionService {
  private readonly coalescer = new RequestCoalescer<ChatCompletion>();

  constructor(
    private readonly router: UpstreamRouter,
    private readonly caller: UpstreamCaller,
    private readonly cache: LayeredCache | undefined,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
    private readonly cluster?: ClusterCoalescer,
  ) {}

  /** Answers synchronously when the entry is in the cache's memory layer, else with a promise. */
  complete(call: ChatCall): ChatOutcome | Promise<ChatOutcome> {
    const provider = this.router.providerFor(call.body.model);
    const lookup = this.cache !== undefined && call.cache.lookup;
    const store = this.cache !== undefined && call.cache.store;
    const cacheKey = lookup || store ? computeCacheKey(call.tenantId, call.body) : '';
    if (!lookup) {
      this.metrics.recordCacheLookup(store ? 'miss' : 'skip');
      return this.completeMiss(provider, call, cacheKey, lookup, store);
    }
    const found = this.cache!.lookup(call.tenantId, cacheKey, call.body);
    if (!(found instanceof Promise)) return this.afterLookup(found, provider, call, cacheKey, store);
    return found.then((hit) => this.afterLookup(hit, provider, call, cacheKey, store));
  }

  private afterLookup(
    hit: CacheHit | undefined,
    provider: UpstreamProvider,
    call: ChatCall,
    cacheKey: string,
    store: boolean,
  ): ChatOutcome | Promise<ChatOutcome> {
    this.metrics.recordCacheLookup(hit ? 'hit' : 'miss', hit?.source);
    if (hit) return { kind: 'cached', hit };
    return this.completeMiss(provider, call, cacheKey, true, store);
  }

  private async completeMiss(
    provider: UpstreamProvider,
    call: ChatCall,
    cacheKey: string,
    lookup: boolean,
    store: boolean,
  ): Promise<ChatOutcome> {
    const storeKey = store ? cacheKey : undefined;
    const wantsStream = call.body.stream === true;
    const signal = call.clientSignal();
    if (!(lookup && store)) {
      // Refreshes and uncached calls are never shared with other callers.
      if (!wantsStream) return { kind: 'completion', completion: await this.fetchCompletion(provider, call, signal, storeKey) };
      const opened = await this.openStream(provider, call, signal, storeKey);
      opened.completion.catch(() => undefined); // failures are reported in the stream itself
      return { kind: 'stream', events: opened.events };
    }
    return this.completeCoalesced(provider, call, signal, cacheKey, wantsStream);
  }

  private async completeCoalesced(
    provider: UpstreamProvider,
    call: ChatCall,
    clientSignal: AbortSignal,
    cacheKey: string,
    wantsStream: boolean,
  ): Promise<ChatOutcome> {
    let led: Promise<LedMiss> | undefined;
    const flight = this.coalescer.join(`${call.tenantId}:${cacheKey}`, clientSignal, (signal) => {
      led = this.leadMiss(provider, call, signal, cacheKey, wantsStream);
      return led.then((miss) => miss.completion);
    });
    if (!led) {
      this.metrics.recordCoalesced('piggybacked');
      return { kind: 'completion', completion: await flight.result, coalesced: 'piggybacked' };
    }
    const { outcome } = await led;
    this.metrics.recordCoalesced(outcome.coalesced);
    return outcome;
  }

  /** The miss as this process's first caller makes it: unless another instance already is. */
  private async leadMiss(
    provider: UpstreamProvider,
    call: ChatCall,
    signal: AbortSignal,
    cacheKey: string,
    wantsStream: boolean,
  ): Promise<LedMiss> {
    const flight = await this.joinClusterFlight(call, signal, cacheKey);
    if ('shared' in flight) {
      return { outcome: { kind: 'completion', completion: flight.shared, coalesced: 'piggybacked' }, completion: Promise.resolve(flight.shared) };
    }
    try {
      if (!wantsStream) {
        const completion = await this.fetchCompletion(provider, call, signal, cacheKey, flight.settled);
        return { outcome: { kind: 'completion', completion, coalesced: 'original' }, completion: Promise.resolve(completion) };
      }
      const opened = await this.openStream(provider, call, signal, cacheKey, flight.settled);
      return { outcome: { kind: 'stream', events: opened.events, coalesced: 'original' }, completion: opened.completion };
    } catch (error) {
      flight.settled();
      throw error;
    }
  }

  /** Leads the miss across instances, or waits for the instance that does and shares its stored answer. */
  private async joinClusterFlight(
    call: ChatCall,
    signal: AbortSignal,
    cacheKey: string,
  ): Promise<{ settled: Settled } | { shared: ChatCompletion }> {
    if (!this.cluster) return { settled: NOTHING_TO_SETTLE };
    const key = `${call.tenantId}:${cacheKey}`;
    const first = await this.cluster.enter(key);
    if (first.leader) return { settled: first.finish };
    const found = await this.cluster.awaitLeader(key, signal, () => this.cache!.exact.peek(call.tenantId, cacheKey));
    if (found) return { shared: JSON.parse(found.bodyText) as ChatCompletion };
    // The leader failed, died or is too slow: call the upstream, leading the next wave if there is one.
    const second = await this.cluster.enter(key);
    return { settled: second.leader ? second.finish : NOTHING_TO_SETTLE };
  }

  private async fetchCompletion(
    provider: UpstreamProvider,
    call: ChatCall,
    signal: AbortSignal,
    storeKey: string | undefined,
    settled: Settled = NOTHING_TO_SETTLE,
  ): Promise<ChatCompletion> {
    const response = await this.caller.send(provider, {
      method: 'POST',
      path: '/chat/completions',
      body: JSON.stringify(upstreamBody(call.body)),
      ...(call.providerApiKey ? { apiKey: call.providerApiKey } : {}),
      signal,
    });
    let completion: ChatCompletion;
    try {
      completion = JSON.parse(await response.text()) as ChatCompletion;
    } catch (error) {
      if (signal.aborted || error instanceof SynapseError) throw error;
      throw new SynapseError('upstream_failed', { detail: 'unreadable response body' }, { cause: error });
    }
    if (!Array.isArray(completion?.choices)) {
      throw new SynapseError('upstream_failed', { detail: 'response is not a chat completion' });
    }
    if (storeKey !== undefined && completion.choices.every((c) => c.finish_reason)) {
      // Not awaited: the entry is visible to lookups at once; embedding and indexing it for the
      // semantic layer must not delay this answer.
      void this.storeCompletion(call, storeKey, completion).then(settled);
    } else {
      settled();
    }
    return completion;
  }

  private async openStream(
    provider: UpstreamProvider,
    call: ChatCall,
    signal: AbortSignal,
    storeKey: string | undefined,
    settled: Settled = NOTHING_TO_SETTLE,
  ): Promise<OpenedStream> {
    const body = upstreamBody(call.body);
    // Usage is always requested so the cached entry has it; the client sees it only if it asked.
    body.stream_options = { ...(call.body.stream_options ?? {}), include_usage: true };
    const response = await this.caller.send(provider, {
      method: 'POST',
      path: '/chat/completions',
      body: JSON.stringify(body),
      ...(call.providerApiKey ? { apiKey: call.providerApiKey } : {}),
      signal,
      stream: true,
    });
    const events = new PassThrough();
    const completion = pumpCompletionStream(response, events, {
      clientWantsUsage: call.body.stream_options?.include_usage === true,
      signal,
    }).then(
      (finished) => {
        if (storeKey !== undefined) void this.storeCompletion(call, storeKey, finished).then(settled);
        else settled();
        return finished;
      },
      (error: unknown) => {
        settled();
        throw error;
      },
    );
    return { events, completion };
  }

  private async storeCompletion(call: ChatCall, cacheKey: string, completion: ChatCompletion): Promise<void> {
    try {
      await this.cache!.store(call.tenantId, cacheKey, call.body, completion, call.cache.ttlSecs);
    } catch (error) {
      // The caller still gets its answer; a cache write failure only costs a future hit.
      this.logger.error({ err: error }, 'storing a cache entry failed');
    }
  }
}

function upstreamBody(body: ChatRequestBody): ChatRequestBody {
  const copy: ChatRequestBody = { ...body };
  for (const field of GATEWAY_ONLY_FIELDS) delete copy[field];
  return copy;
}
