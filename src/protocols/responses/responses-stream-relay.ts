// Relays a native Responses API stream to a client that speaks the same protocol: each event goes
// out as it came, and the answer is the response that the terminal event carries whole, so
// nothing has to be rebuilt from deltas.
import { SynapseError } from '../../errors.js';
import type { SseEvent, StreamRelay, UpstreamEvent } from '../stream-relay.js';
import type { ResponseObject, ResponsesStreamEvent } from './responses-types.js';

/** Events that end a response and carry it whole; `response.incomplete` is final but not cacheable. */
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete']);

export class ResponsesStreamRelay implements StreamRelay<ResponseObject> {
  private lastSequence = -1;
  private final: ResponseObject | undefined;
  private finished = false;

  accept(upstream: UpstreamEvent): SseEvent[] {
    // Some Responses-compatible servers end with a chat-style `[DONE]`; the protocol has none.
    if (upstream.data.trim() === '[DONE]') return [];
    const event = parseEvent(upstream.data);
    const type = typeof event.type === 'string' ? event.type : (upstream.event ?? '');
    if (type === 'error' || upstream.event === 'error') throw failure(errorOf(event), 'error event in stream');
    if (type === 'response.failed') throw failure(event.response?.error, 'the response failed');
    // Counted only for events the client gets: the error event that replaces a failure takes the next number.
    if (typeof event.sequence_number === 'number') this.lastSequence = event.sequence_number;
    if (TERMINAL_EVENTS.has(type)) {
      if (!isResponse(event.response)) throw malformed();
      this.final = event.response;
    }
    // The data goes out byte for byte; only a missing event name is filled in from the type.
    const name = upstream.event ?? type;
    return [name === '' ? { data: upstream.data } : { event: name, data: upstream.data }];
  }

  finish(): SseEvent[] {
    if (!this.final) {
      throw new SynapseError('upstream_failed', { detail: 'stream ended before the response completed' });
    }
    this.finished = true;
    return [];
  }

  answer(): ResponseObject {
    if (!this.finished || !this.final) throw new Error('ResponsesStreamRelay.answer() called before finish()');
    return this.final;
  }

  errorEvent(error: { message: string; type: string; code: string }): SseEvent {
    // Numbered after the last upstream event, as the API numbers its own `error` events.
    this.lastSequence += 1;
    return {
      event: 'error',
      data: { type: 'error', code: error.code, message: error.message, param: null, sequence_number: this.lastSequence },
    };
  }
}

function parseEvent(data: string): ResponsesStreamEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw malformed();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed();
  return parsed as ResponsesStreamEvent;
}

/** The API's `error` event is flat ({code, message}); some servers nest it under `error`. */
function errorOf(event: ResponsesStreamEvent): unknown {
  return typeof event.message === 'string' ? event : event.error;
}

/** upstream_failed with the upstream's message, and its code (e.g. context_length_exceeded) kept for the client. */
function failure(error: unknown, fallback: string): SynapseError {
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  const detail = typeof message === 'string' && message !== '' ? message : fallback;
  return new SynapseError('upstream_failed', { detail }, typeof code === 'string' && code !== '' ? { publicCode: code } : {});
}

function malformed(): SynapseError {
  return new SynapseError('upstream_failed', { detail: 'malformed stream event' });
}

function isResponse(value: unknown): value is ResponseObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as ResponseObject).output);
}
