// Pumps an upstream SSE stream through a protocol's relay, event by event, into an object-mode
// stream of SseEvent (src/http frames them for the client). Resolves
// with the rebuilt answer only when the stream finished normally; a stream that breaks off ends
// with one error event in the client's protocol and rejects, so it is never cached. With
// `beforeEnd`, the latest events are held back (they may be the ones that close the stream) until
// it has run on the finished answer: a client sees the stream end only after that.
import type { Writable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { SynapseError } from '../../errors.js';
import type { UpstreamResponse } from '../../providers/upstream-provider.js';
import type { SseEvent, StreamRelay } from '../../protocols/stream-relay.js';

export async function pumpStream<Answer>(
  response: UpstreamResponse,
  /** Object mode: receives the client's events, ended when the stream is. */
  out: Writable,
  relay: StreamRelay<Answer>,
  signal: AbortSignal,
  beforeEnd?: (answer: Answer) => Promise<void>,
): Promise<Answer> {
  let failure: unknown;
  const write = (events: SseEvent[]): void => {
    if (out.destroyed || out.writableEnded) return;
    for (const event of events) out.write(event);
  };
  let held: SseEvent[] = [];
  const emit = (events: SseEvent[]): void => {
    if (!beforeEnd) return write(events);
    if (events.length === 0) return;
    write(held);
    held = events;
  };
  const parser = createParser({
    onEvent(event) {
      if (failure) return;
      try {
        emit(relay.accept(event.event === undefined ? { data: event.data } : { event: event.event, data: event.data }));
      } catch (error) {
        failure = error;
      }
    },
  });
  try {
    const decoder = new TextDecoder();
    for await (const bytes of response.body) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (failure) throw failure;
    }
    const closing = relay.finish();
    if (beforeEnd) await beforeEnd(relay.answer());
    write([...held, ...closing]);
  } catch (error) {
    const typed = toStreamFailure(error, signal);
    write([...held, relay.errorEvent({ message: typed.message, type: typed.type, code: typed.publicCode })]);
    if (!out.destroyed) out.end();
    await response.discard();
    throw typed;
  }
  if (!out.destroyed) out.end();
  return relay.answer();
}

function toStreamFailure(error: unknown, signal: AbortSignal): SynapseError {
  if (error instanceof SynapseError) return error;
  if (signal.aborted) return new SynapseError('upstream_failed', { detail: 'cancelled' }, { cause: error });
  const name = (error as Error)?.name ?? '';
  if (name === 'BodyTimeoutError') return new SynapseError('upstream_stream_stalled', {}, { cause: error });
  return new SynapseError('upstream_failed', { detail: 'stream interrupted' }, { cause: error });
}
