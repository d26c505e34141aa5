// A stored Anthropic message replayed as a stream follows the API's event order and comes back whole
// through our own relay (anthropic-sdk-streams.test.ts checks the official SDK reads it too).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { replayMessageEvents } from '../../src/protocols/anthropic/message-replay.js';
import type { AnthropicMessage } from '../../src/protocols/anthropic/messages-types.js';
import { MessagesStreamRelay } from '../../src/protocols/anthropic/messages-stream-relay.js';
import type { SseEvent } from '../../src/protocols/stream-relay.js';

const LONG_TEXT =
  'The gateway caches answers and replays them,\nso that repeated questions cost no tokens and come back ' +
  'in milliseconds — even with émojis 🎉 and  double  spaces.';

function message(overrides: Partial<AnthropicMessage> = {}): AnthropicMessage {
  return {
    id: 'msg_replay',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [
      { type: 'thinking', thinking: 'The user wants weather. I will call the tool after greeting.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h==' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
      { type: 'text', text: LONG_TEXT },
      {
        type: 'text',
        text: 'Paris is the capital.',
        citations: [{ type: 'char_location', cited_text: 'Paris', document_index: 0, document_title: 'Atlas', start_char_index: 0, end_char_index: 5 }],
      },
      { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Zürich 🏔', units: ['c', 'f'], nested: { deep: [1, 2.5, null, true] } } },
      { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048, output_tokens: 77, service_tier: 'standard' },
    ...overrides,
  };
}

const CASES: Array<[string, AnthropicMessage]> = [
  ['text, thinking, citations and tool_use', message()],
  ['no content at all', message({ content: [], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 0 } })],
  ['a stop sequence', message({ content: [{ type: 'text', text: 'one two' }], stop_reason: 'stop_sequence', stop_sequence: 'three' })],
  [
    'server tools and their result blocks',
    message({
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'weather' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://x', title: 'X', encrypted_content: 'e', page_age: null }] },
        { type: 'text', text: 'Sunny.' },
      ],
      stop_reason: 'end_turn',
    }),
  ],
];

function toUpstream(event: SseEvent): { event?: string; data: string } {
  return { event: event.event, data: typeof event.data === 'string' ? event.data : JSON.stringify(event.data) };
}

describe('replayMessageEvents', () => {
  test('follows the API order: message_start, first block, ping, deltas, stop, message_delta, message_stop', () => {
    const events = replayMessageEvents(message());
    assert.deepEqual(events.slice(0, 3).map((e) => e.event), ['message_start', 'content_block_start', 'ping']);
    assert.deepEqual(events.slice(-2).map((e) => e.event), ['message_delta', 'message_stop']);
    for (const event of events) assert.equal((event.data as { type: string }).type, event.event);
    const start = events[0]!.data as { message: AnthropicMessage };
    assert.deepEqual(start.message.content, []);
    assert.equal(start.message.stop_reason, null);
    assert.deepEqual(start.message.usage, { ...message().usage, output_tokens: 1 });
    assert.deepEqual(events.at(-2)!.data, {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 77 },
    });
  });

  test('starts blocks empty (text "", thinking and signature "", tool input {}) and sends deltas in pieces', () => {
    const events = replayMessageEvents(message());
    const starts = events.filter((e) => e.event === 'content_block_start').map((e) => (e.data as { content_block: unknown }).content_block);
    assert.deepEqual(starts[0], { type: 'thinking', thinking: '', signature: '' });
    assert.deepEqual(starts[1], { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' });
    assert.deepEqual(starts[2], { type: 'text', text: '' });
    assert.deepEqual(starts[3], { type: 'text', text: '', citations: [] });
    assert.deepEqual(starts[4], { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: {} });
    const deltasOf = (index: number) =>
      events.filter((e) => e.event === 'content_block_delta' && (e.data as { index: number }).index === index);
    assert.ok(deltasOf(2).length > 3, 'text comes in several pieces');
    assert.ok(deltasOf(4).length > 2, 'tool input JSON comes in several pieces');
    assert.deepEqual(deltasOf(5).map((e) => (e.data as { delta: unknown }).delta), [{ type: 'input_json_delta', partial_json: '' }]);
    assert.equal((deltasOf(0).at(-1)!.data as { delta: { type: string } }).delta.type, 'signature_delta');
  });

  for (const [name, original] of CASES) {
    test(`round-trips through MessagesStreamRelay: ${name}`, () => {
      const relay = new MessagesStreamRelay();
      for (const event of replayMessageEvents(original)) relay.accept(toUpstream(event));
      relay.finish();
      assert.equal(relay.lossless, true);
      assert.deepEqual(relay.answer(), original);
    });
  }
});
