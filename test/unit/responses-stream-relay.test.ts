// The Responses stream relay: events pass through unchanged, the answer is the terminal event's
// response, and every way a stream can go wrong (error event, failed response, cut stream,
// unreadable data) ends in upstream_failed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import type { UpstreamEvent } from '../../src/protocols/stream-relay.js';
import { ResponsesStreamRelay } from '../../src/protocols/responses/responses-stream-relay.js';
import type { ResponseObject } from '../../src/protocols/responses/responses-types.js';

function response(status: ResponseObject['status'], text = 'Hello there'): ResponseObject {
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    status,
    model: 'gpt-5',
    output:
      status === 'in_progress'
        ? []
        : [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] }],
    usage: status === 'in_progress' ? null : { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
  };
}

/** An upstream event as the API writes it, with the odd spacing kept to prove data is not re-serialized. */
function upstream(type: string, sequence: number, fields: Record<string, unknown> = {}): UpstreamEvent {
  return { event: type, data: JSON.stringify({ type, sequence_number: sequence, ...fields }).replace('{', '{ ') };
}

function opening(): UpstreamEvent[] {
  return [
    upstream('response.created', 0, { response: response('in_progress') }),
    upstream('response.in_progress', 1, { response: response('in_progress') }),
    upstream('response.output_text.delta', 2, { item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hello', logprobs: [] }),
  ];
}

function expectUpstreamFailed(fn: () => unknown, message: RegExp, publicCode = 'upstream_failed'): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SynapseError);
    assert.equal(error.code, 'upstream_failed');
    assert.equal(error.publicCode, publicCode);
    assert.match(error.message, message);
    return true;
  });
}

describe('ResponsesStreamRelay', () => {
  test('passes every event through unchanged and answers with the completed response', () => {
    const relay = new ResponsesStreamRelay();
    const events = [...opening(), upstream('response.completed', 3, { response: response('completed') })];
    for (const event of events) assert.deepEqual(relay.accept(event), [{ event: event.event, data: event.data }]);
    assert.deepEqual(relay.finish(), []);
    assert.deepEqual(relay.answer(), response('completed'));
  });

  test('names an unnamed event after its type, and drops a trailing [DONE]', () => {
    const relay = new ResponsesStreamRelay();
    const data = JSON.stringify({ type: 'response.completed', sequence_number: 0, response: response('completed') });
    assert.deepEqual(relay.accept({ data }), [{ event: 'response.completed', data }]);
    assert.deepEqual(relay.accept({ data: '[DONE]' }), []);
    relay.finish();
    assert.equal(relay.answer().status, 'completed');
  });

  test('response.incomplete finishes the stream; its answer says incomplete', () => {
    const relay = new ResponsesStreamRelay();
    for (const event of opening()) relay.accept(event);
    relay.accept(upstream('response.incomplete', 3, { response: response('incomplete') }));
    relay.finish();
    assert.equal(relay.answer().status, 'incomplete');
    assert.deepEqual(relay.answer().incomplete_details, { reason: 'max_output_tokens' });
  });

  test('an error event throws upstream_failed with its message and keeps its code', () => {
    const relay = new ResponsesStreamRelay();
    for (const event of opening()) relay.accept(event);
    const error = upstream('error', 3, { code: 'context_length_exceeded', message: 'Your input exceeds the context window', param: null });
    expectUpstreamFailed(() => relay.accept(error), /upstream request failed: Your input exceeds the context window/, 'context_length_exceeded');
  });

  test('response.failed throws upstream_failed with the response error', () => {
    const relay = new ResponsesStreamRelay();
    for (const event of opening()) relay.accept(event);
    const failed = { ...response('failed'), error: { code: 'server_error', message: 'The model crashed' } };
    expectUpstreamFailed(() => relay.accept(upstream('response.failed', 3, { response: failed })), /The model crashed/, 'server_error');
  });

  test('a stream cut before a terminal event fails in finish()', () => {
    const relay = new ResponsesStreamRelay();
    for (const event of opening()) relay.accept(event);
    expectUpstreamFailed(() => relay.finish(), /stream ended before the response completed/);
    assert.throws(() => relay.answer());
  });

  test('unreadable data fails', () => {
    const relay = new ResponsesStreamRelay();
    expectUpstreamFailed(() => relay.accept({ event: 'response.created', data: '{"type":' }), /malformed stream event/);
    expectUpstreamFailed(() => relay.accept({ event: 'response.completed', data: '{"type":"response.completed"}' }), /malformed/);
  });

  test('the error event is the API error event, numbered after the last upstream event', () => {
    const relay = new ResponsesStreamRelay();
    for (const event of opening()) relay.accept(event);
    const event = relay.errorEvent({ message: 'upstream request failed: stream interrupted', type: 'proxy_error', code: 'upstream_failed' });
    assert.deepEqual(event, {
      event: 'error',
      data: { type: 'error', code: 'upstream_failed', message: 'upstream request failed: stream interrupted', param: null, sequence_number: 3 },
    });
    assert.equal((new ResponsesStreamRelay().errorEvent({ message: 'm', type: 't', code: 'c' }).data as { sequence_number: number }).sequence_number, 0);
  });
});
