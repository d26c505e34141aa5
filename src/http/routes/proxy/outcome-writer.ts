// Writes a completion outcome to the client in its API's own shape: cached or fresh, as JSON or as
// that API's SSE stream, with the SPEC's cache headers. A stored answer replayed as a stream goes
// through the protocol's replay; a cached JSON body is sent as its stored text.
import type { FastifyReply } from 'fastify';
import type { CacheHit } from '../../../domain/cache/layered-cache.js';
import type { CompletionOutcome } from '../../../domain/proxy/completion-pipeline.js';
import { frameSseEvents } from '../../../protocols/sse-frame.js';
import { replyHeaders, type HeaderSetter } from '../../response-headers.js';
import { framedSse } from '../../sse-stream.js';
import type { SseEvent } from '../../../protocols/stream-relay.js';
import type { SynapseMetadata } from '../../contract/proxy/proxy-wire-schemas.js';

/** What the gateway says about how a response was produced (chat completions carry it in the body). */
export type ResponseMetadata = Omit<SynapseMetadata, 'session_id'>;

/** How one API's answers look on the wire. */
export interface AnswerWire<Body, Answer> {
  /** The whole answer as this API's stream events, for a client that asked to stream. */
  replay(answer: Answer, body: Body): SseEvent[];
  /** The JSON text of a stored answer; chat completions add `synapse_metadata`. */
  cachedJson(bodyText: string, metadata: ResponseMetadata, body: Body): string;
  freshJson(answer: Answer, metadata: ResponseMetadata, body: Body): string;
}

export interface OutcomeContext<Body> {
  body: Body;
  stream: boolean;
  missStatus: 'MISS' | 'SKIP' | 'BYPASS';
}

export type CacheStatus = 'HIT' | 'MISS' | 'SKIP' | 'BYPASS';

export function sendOutcome<Body, Answer>(
  reply: FastifyReply,
  outcome: CompletionOutcome<Answer>,
  wire: AnswerWire<Body, Answer>,
  context: OutcomeContext<Body>,
): FastifyReply {
  if (outcome.kind === 'cached') return sendCached(reply, outcome.hit, wire, context);
  const latencyMs = setCacheHeaders(reply, context.missStatus, 'NONE');
  if (outcome.coalesced) reply.header('x-coalesced', outcome.coalesced);
  if (outcome.kind === 'stream') return sendSse(reply, framedSse(outcome.events));
  if (context.stream) return sendSse(reply, frameSseEvents(wire.replay(outcome.answer, context.body)));
  // WorldFlow's names: a request that skipped the cache (SKIP, BYPASS) was a bypass.
  const source = context.missStatus === 'MISS' ? 'provider' : 'bypass';
  const metadata: ResponseMetadata = { cache_hit: false, similarity: 0, source, latency_ms: latencyMs };
  return sendJson(reply, wire.freshJson(outcome.answer, metadata, context.body));
}

function sendCached<Body, Answer>(reply: FastifyReply, hit: CacheHit, wire: AnswerWire<Body, Answer>, context: OutcomeContext<Body>): FastifyReply {
  const latencyMs = Math.round(reply.elapsedTime);
  setHitHeaders(replyHeaders(reply), hit, latencyMs);
  if (context.stream) return sendSse(reply, frameSseEvents(wire.replay(JSON.parse(hit.cached.bodyText) as Answer, context.body)));
  return sendJson(reply, cachedAnswerJson(hit, wire, context.body, latencyMs));
}

/** The cache headers of a hit. */
export function setHitHeaders(set: HeaderSetter, hit: CacheHit, latencyMs: number): void {
  writeCacheHeaders(set, 'HIT', hit.source === 'exact' ? 'L1' : 'L2', latencyMs);
  const similarity = hit.similarity.toFixed(4);
  set('x-synapse-similarity', similarity);
  set('x-cache-similarity', similarity);
  set('x-synapse-cost-saved', hit.cached.costSavedUsd.toFixed(6));
}

/** The JSON text of a hit's answer, in its API's shape. */
export function cachedAnswerJson<Body, Answer>(hit: CacheHit, wire: AnswerWire<Body, Answer>, body: Body, latencyMs: number): string {
  const metadata: ResponseMetadata = { cache_hit: true, similarity: hit.similarity, source: hit.source === 'exact' ? 'l1' : 'l2', latency_ms: latencyMs };
  return wire.cachedJson(hit.cached.bodyText, metadata, body);
}

/** The content type of a JSON answer. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The tier that answered: L1 exact, L2 semantic, NONE (L0 is WorldFlow's and never sent). */
export type CacheTier = 'L1' | 'L2' | 'NONE';

/** The cache headers (src/http/contract/proxy/proxy-wire-schemas.ts); returns the latency they report. */
export function setCacheHeaders(reply: FastifyReply, status: CacheStatus, tier: CacheTier): number {
  const latencyMs = Math.round(reply.elapsedTime);
  writeCacheHeaders(replyHeaders(reply), status, tier, latencyMs);
  return latencyMs;
}

function writeCacheHeaders(set: HeaderSetter, status: CacheStatus, tier: CacheTier, latencyMs: number): void {
  set('x-cache-status', status === 'HIT' ? 'HIT' : 'MISS');
  set('x-synapse-cache-status', status);
  set('x-synapse-cache-tier', tier);
  set('x-synapse-latency-ms', String(latencyMs));
}

/** The headers of an answer the cache does not serve (embeddings, models, count_tokens, forwarded routes). */
export function setUncachedHeaders(reply: FastifyReply): void {
  setCacheHeaders(reply, 'SKIP', 'NONE');
}

export function sendSse(reply: FastifyReply, payload: string | NodeJS.ReadableStream): FastifyReply {
  reply.header('cache-control', 'no-cache');
  reply.header('x-accel-buffering', 'no');
  return reply.type('text/event-stream; charset=utf-8').send(payload);
}

function sendJson(reply: FastifyReply, text: string): FastifyReply {
  return reply.type(JSON_CONTENT_TYPE).send(text);
}
