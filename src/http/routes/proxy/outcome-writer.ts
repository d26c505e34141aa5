// Writes a completion outcome to the client in its API's own shape: cached or fresh, as JSON or as
// that API's SSE stream, with the SPEC's cache headers. A stored answer replayed as a stream goes
// through the protocol's replay; a cached JSON body is sent as its stored text.
import type { FastifyReply } from 'fastify';
import type { CacheHit } from '../../../domain/cache/layered-cache.js';
import type { CompletionOutcome } from '../../../domain/proxy/completion-pipeline.js';
import { frameSseEvents } from '../../../protocols/sse-frame.js';
import { framedSse } from '../../sse-stream.js';
import type { SseEvent } from '../../../protocols/stream-relay.js';

/** What the gateway says about how a response was produced (chat completions carry it in the body). */
export interface ResponseMetadata {
  cache_hit: boolean;
  similarity: number;
  source: 'exact' | 'semantic' | 'provider';
  latency_ms: number;
}

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
  setCacheHeaders(reply, context.missStatus);
  if (outcome.coalesced) reply.header('x-coalesced', outcome.coalesced);
  if (outcome.kind === 'stream') return sendSse(reply, framedSse(outcome.events));
  if (context.stream) return sendSse(reply, frameSseEvents(wire.replay(outcome.answer, context.body)));
  const metadata: ResponseMetadata = { cache_hit: false, similarity: 0, source: 'provider', latency_ms: latencyOf(reply) };
  return sendJson(reply, wire.freshJson(outcome.answer, metadata, context.body));
}

function sendCached<Body, Answer>(reply: FastifyReply, hit: CacheHit, wire: AnswerWire<Body, Answer>, context: OutcomeContext<Body>): FastifyReply {
  const { cached } = hit;
  setCacheHeaders(reply, 'HIT');
  reply.header('x-synapse-similarity', hit.source === 'exact' ? '1.0' : String(hit.similarity));
  reply.header('x-synapse-cost-saved', cached.costSavedUsd.toFixed(6));
  if (context.stream) return sendSse(reply, frameSseEvents(wire.replay(JSON.parse(cached.bodyText) as Answer, context.body)));
  const metadata: ResponseMetadata = { cache_hit: true, similarity: hit.similarity, source: hit.source, latency_ms: latencyOf(reply) };
  return sendJson(reply, wire.cachedJson(cached.bodyText, metadata, context.body));
}

export function setCacheHeaders(reply: FastifyReply, status: CacheStatus): void {
  reply.header('x-cache-status', status === 'HIT' ? 'HIT' : 'MISS');
  reply.header('x-synapse-cache-status', status);
  reply.header('x-synapse-latency-ms', String(latencyOf(reply)));
}

export function sendSse(reply: FastifyReply, payload: string | NodeJS.ReadableStream): FastifyReply {
  reply.header('cache-control', 'no-cache');
  reply.header('x-accel-buffering', 'no');
  return reply.type('text/event-stream; charset=utf-8').send(payload);
}

function sendJson(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}

function latencyOf(reply: FastifyReply): number {
  return Math.round(reply.elapsedTime * 100) / 100;
}
