// Writes a chat outcome to the client: cached or fresh, as JSON with synapse_metadata or as an
// SSE stream, with the SPEC's cache headers. The cached JSON text is spliced, not re-serialized.
import type { FastifyReply } from 'fastify';
import type { CacheHit } from '../../../domain/cache/layered-cache.js';
import type { ChatOutcome } from '../../../domain/proxy/chat-completion-service.js';
import type { ChatCompletion } from '../../../domain/proxy/chat-types.js';
import { replayAsChunks } from '../../../domain/proxy/completion-replay.js';
import { SSE_DONE, sseData } from '../../../domain/proxy/sse-format.js';

export interface ResponseContext {
  stream: boolean;
  includeUsage: boolean;
  sessionId: string | undefined;
  missStatus: 'MISS' | 'SKIP';
}

export function sendChatOutcome(reply: FastifyReply, outcome: ChatOutcome, context: ResponseContext): FastifyReply {
  if (outcome.kind === 'cached') return sendCached(reply, outcome.hit, context);
  setCacheHeaders(reply, context.missStatus);
  if (outcome.coalesced) reply.header('x-coalesced', outcome.coalesced);
  if (outcome.kind === 'stream') return sendSse(reply, outcome.events);
  if (context.stream) return sendSse(reply, replayAsSse(outcome.completion, context.includeUsage));
  const metadata = { cache_hit: false, similarity: 0, source: 'provider', latency_ms: latencyOf(reply), ...session(context) };
  return reply.type('application/json; charset=utf-8').send({ ...outcome.completion, synapse_metadata: metadata });
}

function sendCached(reply: FastifyReply, hit: CacheHit, context: ResponseContext): FastifyReply {
  const { cached } = hit;
  setCacheHeaders(reply, 'HIT');
  reply.header('x-synapse-similarity', hit.source === 'exact' ? '1.0' : String(hit.similarity));
  reply.header('x-synapse-cost-saved', cached.costSavedUsd.toFixed(6));
  if (context.stream) {
    return sendSse(reply, replayAsSse(JSON.parse(cached.bodyText) as ChatCompletion, context.includeUsage));
  }
  const metadata = { cache_hit: true, similarity: hit.similarity, source: hit.source, latency_ms: latencyOf(reply), ...session(context) };
  const body = cached.bodyText.slice(0, -1) + ',"synapse_metadata":' + JSON.stringify(metadata) + '}';
  return reply.type('application/json; charset=utf-8').send(body);
}

export function setCacheHeaders(reply: FastifyReply, status: 'HIT' | 'MISS' | 'SKIP' | 'BYPASS'): void {
  reply.header('x-cache-status', status === 'HIT' ? 'HIT' : 'MISS');
  reply.header('x-synapse-cache-status', status);
  reply.header('x-synapse-latency-ms', String(latencyOf(reply)));
}

export function sendSse(reply: FastifyReply, payload: string | NodeJS.ReadableStream): FastifyReply {
  reply.header('cache-control', 'no-cache');
  reply.header('x-accel-buffering', 'no');
  return reply.type('text/event-stream; charset=utf-8').send(payload);
}

function replayAsSse(completion: ChatCompletion, includeUsage: boolean): string {
  let text = '';
  for (const chunk of replayAsChunks(completion, { includeUsage })) text += sseData(JSON.stringify(chunk));
  return text + SSE_DONE;
}

function latencyOf(reply: FastifyReply): number {
  return Math.round(reply.elapsedTime * 100) / 100;
}

function session(context: ResponseContext): { session_id?: string } {
  return context.sessionId === undefined ? {} : { session_id: context.sessionId };
}
