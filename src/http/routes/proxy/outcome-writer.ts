// Writes a completion outcome to the client in its API's own shape: cached or fresh, as JSON or as
// that API's SSE stream, with the SPEC's cache headers. A stored answer replayed as a stream goes
// through the protocol's replay; a cached JSON body is sent as its stored text.
import type { FastifyReply } from 'fastify';
import type { CacheHit } from '../../../domain/cache/layered-cache.js';
import type { CompletionOutcome } from '../../../domain/proxy/completion-pipeline.js';
import { frameSseEvents } from '../../../protocols/sse-frame.js';
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
  const { cached } = hit;
  const exact = hit.source === 'exact';
  const latencyMs = setCacheHeaders(reply, 'HIT', exact ? 'L1' : 'L2');
  const similarity = hit.similarity.toFixed(4);
  reply.header('x-synapse-similarity', similarity);
  reply.header('x-cache-similarity', similarity);
  reply.header('x-synapse-cost-saved', cached.costSavedUsd.toFixed(6));
  if (context.stream) return sendSse(reply, frameSseEvents(wire.replay(JSON.parse(cached.bodyText) as Answer, context.body)));
  const metadata: ResponseMetadata = { cache_hit: true, similarity: hit.similarity, source: exact ? 'l1' : 'l2', latency_ms: latencyMs };
  return sendJson(reply, wire.cachedJson(cached.bodyText, metadata, context.body));
}

/** The tier that answered: L1 exact, L2 semantic, NONE (L0 is WorldFlow's and never sent). */
export type CacheTier = 'L1' | 'L2' | 'NONE';

/** The cache headers (src/http/contract/proxy/proxy-wire-schemas.ts); returns the latency they report. */
export function setCacheHeaders(reply: FastifyReply, status: CacheStatus, tier: CacheTier): number {
  const latencyMs = Math.round(reply.elapsedTime);
  reply.header('x-cache-status', status === 'HIT' ? 'HIT' : 'MISS');
  reply.header('x-synapse-cache-status', status);
  reply.header('x-synapse-cache-tier', tier);
  reply.header('x-synapse-latency-ms', String(latencyMs));
  return latencyMs;
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
  return reply.type('application/json; charset=utf-8').send(text);
}
