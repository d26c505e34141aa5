// The native Anthropic stream relay: every event reaches the client unchanged while the message is
// rebuilt; errors, cut streams, unknown blocks and deltas, and empty tool input are handled.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import { MessagesStreamRelay } from '../../src/protocols/anthropic/messages-stream-relay.js';
import type { UpstreamEvent } from '../../src/protocols/stream-relay.js';

const START = {
  type: 'message_start',
  message: {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: 1 },
  },
};

function ev(data: Record<string, unknown>): UpstreamEvent {
  return { event: data.type as string, data: JSON.stringify(data) };
}

function run(events: UpstreamEvent[]): MessagesStreamRelay {
  const relay = new MessagesStreamRelay();
  for (const event of events) relay.accept(event);
  relay.finish();
  return relay;
}

const stop = [
  ev({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }),
  ev({ type: 'message_stop' }),
];

describe('MessagesStreamRelay', () => {
  test('passes every event through unchanged, ping included', () => {
    const relay = new MessagesStreamRelay();
    const events = [
      ev(START),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'ping' }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ...stop,
    ];
    for (const event of events) assert.deepEqual(relay.accept(event), [{ event: event.event, data: event.data }]);
    assert.deepEqual(relay.finish(), []);
  });

  test('rebuilds text, thinking with signature, citations, tool input and usage', () => {
    const citation = { type: 'char_location', cited_text: 'x', document_index: 0, document_title: null, start_char_index: 0, end_char_index: 1 };
    const relay = run([
      ev(START),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig==' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '', citations: [] } }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'citations_delta', citation } }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello ' } }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'world' } }),
      ev({ type: 'content_block_stop', index: 1 }),
      ev({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {}, caller: { type: 'direct' } } }),
      ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } }),
      ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } }),
      ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ris"}' } }),
      ev({ type: 'content_block_stop', index: 2 }),
      ev({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null, container: null },
        usage: { output_tokens: 42, input_tokens: 25, cache_creation_input_tokens: null },
      }),
      ev({ type: 'message_stop' }),
    ]);
    assert.deepEqual(relay.answer(), {
      ...START.message,
      content: [
        { type: 'thinking', thinking: 'Let me think.', signature: 'sig==' },
        { type: 'text', text: 'Hello world', citations: [citation] },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' }, caller: { type: 'direct' } },
      ],
      stop_reason: 'tool_use',
      container: null,
      usage: { ...START.message.usage, output_tokens: 42 },
    });
    assert.equal(relay.lossless, true);
  });

  test('an empty tool input, or none streamed, is {}', () => {
    const relay = run([
      ev(START),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't1', name: 'now', input: {} } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't2', name: 'now', input: {} } }),
      ev({ type: 'content_block_stop', index: 1 }),
      ...stop,
    ]);
    assert.deepEqual(relay.answer().content.map((b) => b.input), [{}, {}]);
  });

  test('tool input that is not JSON is kept as INVALID_JSON, not thrown', () => {
    const relay = run([
      ev(START),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't1', name: 'f', input: {} } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a": 1, "b":' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ...stop,
    ]);
    assert.deepEqual(relay.answer().content[0]!.input, { INVALID_JSON: '{"a": 1, "b":' });
  });

  test('unknown block types are kept whole; unknown deltas are relayed and mark the answer lossy', () => {
    const unknownBlock = { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'u' }] };
    const relay = new MessagesStreamRelay();
    const events = [
      ev(START),
      ev({ type: 'content_block_start', index: 0, content_block: unknownBlock }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({ type: 'content_block_start', index: 1, content_block: { type: 'compaction', content: '' } }),
      ev({ type: 'content_block_delta', index: 1, delta: { type: 'compaction_delta', content: 'summary' } }),
      ev({ type: 'content_block_stop', index: 1 }),
      ev({ type: 'brand_new_event', whatever: true }),
      ...stop,
    ];
    for (const event of events) assert.deepEqual(relay.accept(event), [{ event: event.event, data: event.data }]);
    relay.finish();
    assert.deepEqual(relay.answer().content, [unknownBlock, { type: 'compaction', content: '' }]);
    assert.equal(relay.lossless, false);
  });

  test('a delta that does not fit its block (text_delta on tool_use) is not applied', () => {
    const relay = run([
      ev(START),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't1', name: 'f', input: {} } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'oops' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ...stop,
    ]);
    assert.deepEqual(relay.answer().content[0], { type: 'tool_use', id: 't1', name: 'f', input: {} });
    assert.equal(relay.lossless, false);
  });

  test('an error event throws upstream_failed with its message and type, which the error event keeps', () => {
    const relay = new MessagesStreamRelay();
    relay.accept(ev(START));
    let thrown: SynapseError | undefined;
    assert.throws(
      () => relay.accept(ev({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })),
      (error: unknown) => {
        thrown = error as SynapseError;
        return error instanceof SynapseError && error.code === 'upstream_failed' && error.message.includes('Overloaded');
      },
    );
    assert.equal(thrown!.type, 'overloaded_error');
    const event = relay.errorEvent({ message: thrown!.message, type: thrown!.type, code: thrown!.publicCode });
    assert.equal((event.data as { error: { type: string } }).error.type, 'overloaded_error');
  });

  test('a stream cut before message_stop fails in finish()', () => {
    const relay = new MessagesStreamRelay();
    relay.accept(ev(START));
    relay.accept(ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    relay.accept(ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hal' } }));
    assert.throws(
      () => relay.finish(),
      (error: unknown) => error instanceof SynapseError && error.code === 'upstream_failed' && /before the message finished/.test(error.message),
    );
    assert.throws(() => new MessagesStreamRelay().finish(), SynapseError);
  });

  test('malformed data and content before message_start throw upstream_failed', () => {
    assert.throws(() => new MessagesStreamRelay().accept({ event: 'message_start', data: '{not json' }), SynapseError);
    assert.throws(() => new MessagesStreamRelay().accept(ev({ type: 'content_block_stop', index: 0 })), SynapseError);
  });

  test('data spread over several lines is re-serialized so the client framing holds', () => {
    const relay = new MessagesStreamRelay();
    const [out] = relay.accept({ event: 'message_start', data: JSON.stringify(START, null, 2) });
    assert.deepEqual(out, { event: 'message_start', data: START });
  });

  test('errorEvent speaks Anthropic: our types map onto theirs', () => {
    const relay = new MessagesStreamRelay();
    const cases: Array<[string, string]> = [
      ['rate_limit_error', 'rate_limit_error'],
      ['timeout_error', 'api_error'],
      ['proxy_error', 'api_error'],
      ['invalid_request_error', 'invalid_request_error'],
      ['overloaded_error', 'overloaded_error'],
      ['service_unavailable', 'overloaded_error'],
    ];
    for (const [ours, theirs] of cases) {
      assert.deepEqual(relay.errorEvent({ message: 'm', type: ours, code: 'c' }), {
        event: 'error',
        data: { type: 'error', error: { type: theirs, message: 'm' } },
      });
    }
  });
});
