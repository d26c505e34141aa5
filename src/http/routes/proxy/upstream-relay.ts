// Sends an upstream's 2xx answer on, for the routes the cache does not handle (embeddings,
// count_tokens, the forwarded /v1/responses/... routes): JSON as JSON, and anything else (an HTML
// page from a proxy in between, a cut-off body) as a 502 proxy_error, never as it came. A stream
// goes through its API's relay, so one that breaks off ends with that API's error event. The cache
// headers say the cache took no part (SKIP, tier NONE).
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { pumpStream } from '../../../domain/proxy/stream-pump.js';
import { SynapseError } from '../../../errors.js';
import { framedSse } from '../../sse-stream.js';
import type { StreamRelay } from '../../../protocols/stream-relay.js';
import type { UpstreamResponse } from '../../../providers/upstream-provider.js';
import { setUncachedHeaders } from './outcome-writer.js';

export interface RelayOptions {
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** The relay of the route's API, for an upstream that streams; without one a stream is refused. */
  streamRelay?: () => StreamRelay<unknown>;
}

export async function relayUpstream(reply: FastifyReply, response: UpstreamResponse, options: RelayOptions): Promise<FastifyReply> {
  const contentType = String(response.headers['content-type'] ?? '');
  if (options.streamRelay && contentType.includes('text/event-stream')) {
    const events = new PassThrough({ objectMode: true });
    // A failure is told to the client by the error event the relay writes before the stream ends.
    pumpStream(response, events, options.streamRelay(), options.signal).catch(() => undefined);
    reply.code(response.status).header('cache-control', 'no-cache');
    setUncachedHeaders(reply);
    return reply.type('text/event-stream; charset=utf-8').send(framedSse(events));
  }
  const text = await response.text();
  setUncachedHeaders(reply);
  if (response.status === 204 && text === '') return reply.code(204).send();
  if (!/\bjson\b/i.test(contentType) || !parses(text)) {
    const sent = contentType === '' ? 'a body without a content type' : `'${contentType.split(';')[0]!.slice(0, 100)}'`;
    throw new SynapseError('upstream_failed', { detail: `the upstream sent ${sent} that is not JSON` }, { upstreamStatus: response.status });
  }
  setUncachedHeaders(reply);
  return reply.code(response.status).type('application/json; charset=utf-8').send(text);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
