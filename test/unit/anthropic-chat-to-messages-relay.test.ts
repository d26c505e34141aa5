// An OpenAI chat stream relayed as an Anthropic Messages stream: the live event sequence, several
// tool calls, usage after the finish chunk, errors and cut streams, and the same answer as JSON.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../src/protocols/chat/chat-types.js';
import { replayAsChunks } from '../../src/protocols/chat/completion-replay.js';
import { ChatToMessagesRelay } from '../../src/protocols/anthropic/chat-translation/chat-to-messages-relay.js';
import { toAnthropicMessage } from '../../src/protocols/anthropic/chat-translation/to-anthropic-message.js';
import { MessagesStreamRelay } from '../../src/protocols/anthropic/messages-stream-relay.js';
import type { SseEvent, UpstreamEvent } from '../../src/protocols/stream-relay.js';

const MODEL = 'claude-sonnet-4-5';

function completion(message: ChatCompletion['choices'][0]['message'], finish_reason: string): ChatCompletion {
  return {
    id: 'chatcmpl-xyz',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o',
    choices: [{ index: 0, message, logprobs: null, finish_reason }],
    usage: { prompt_tokens: 500, completion_tokens: 64, total_tokens: 564, prompt_tokens_details: { cached_tokens: 256 } },
  };
}

const ANSWERS: Array<[string, ChatCompletion]> = [
  ['text', completion({ role: 'assistant', content: 'The quick brown fox jumps over the lazy dog, twice, to be sure it streams in pieces.', refusal: null }, 'stop')],
  [
    'text and two tool calls',
    completion(
      {
        role: 'assistant',
        content: 'Let me look.',
        refusal: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/app.ts","limit":200}' } },
          { id: 'call_b', type: 'function', function: { name: 'list_dir', arguments: '{}' } },
        ],
      },
      'tool_calls',
    ),
  ],
  ['a tool call only, cut by length', completion({ role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_c', type: 'function', function: { name: 'write', arguments: '{"text":"unfinis' } }] }, 'length')],
  ['an empty answer', completion({ role: 'assistant', content: '', refusal: null }, 'stop')],
];

function chunkEvents(chunks: ChatCompletionChunk[]): UpstreamEvent[] {
  return [...chunks.map((chunk) => ({ data: JSON.stringify(chunk) })), { data: '[DONE]' }];
}

function relay(events: UpstreamEvent[]): { relay: ChatToMessagesRelay; out: SseEvent[] } {
  const relay = new ChatToMessagesRelay(MODEL);
  const out = events.flatMap((event) => relay.accept(event));
  out.push(...relay.finish());
  return { relay, out };
}

function chunk(delta: Record<string, unknown>, finish_reason: string | null = null, extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk {
  return { id: 'chatcmpl-live', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason }], ...extra };
}

describe('ChatToMessagesRelay', () => {
  for (const [name, answer] of ANSWERS) {
    for (const includeUsage of [true, false]) {
      test(`answer() equals toAnthropicMessage of the same completion: ${name} (usage chunk ${includeUsage})`, () => {
        const { relay: r, out } = relay(chunkEvents(replayAsChunks(answer, { includeUsage })));
        assert.deepEqual(r.answer(), toAnthropicMessage(answer, MODEL));
        // What the client received rebuilds into that same message.
        const native = new MessagesStreamRelay();
        for (const event of out) native.accept({ event: event.event, data: JSON.stringify(event.data) });
        native.finish();
        assert.deepEqual(native.answer(), r.answer());
      });
    }
  }

  test('emits the Anthropic sequence live: start, text block, tool blocks by index, stop at the end', () => {
    const events = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hi ' }),
      chunk({ content: 'there' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'a', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'b', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      chunk({}, null, { choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }),
    ];
    const { out } = relay(chunkEvents(events));
    const summary = out.map((e) => {
      const data = e.data as Record<string, any>;
      assert.equal(data.type, e.event);
      if (e.event === 'content_block_start') return `start ${data.index} ${data.content_block.type}`;
      if (e.event === 'content_block_delta') return `delta ${data.index} ${data.delta.text ?? data.delta.partial_json}`;
      if (e.event === 'content_block_stop') return `stop ${data.index}`;
      return e.event;
    });
    assert.deepEqual(summary, [
      'message_start',
      'start 0 text',
      'delta 0 Hi ',
      'delta 0 there',
      'stop 0',
      'start 1 tool_use',
      'delta 1 {"x":',
      'delta 1 1}',
      'stop 1',
      'start 2 tool_use',
      'delta 2 {}',
      'stop 2',
      'message_delta',
      'message_stop',
    ]);
    assert.deepEqual((out[0]!.data as any).message, {
      id: 'msg_live',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
    });
    assert.deepEqual((out[5]!.data as any).content_block, { type: 'tool_use', id: 'call_1', name: 'a', input: {} });
    assert.deepEqual(out.at(-2)!.data, {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 5 },
    });
  });

  test('several tool calls in one chunk, and calls without ids, get blocks of their own', () => {
    const { relay: r } = relay(
      chunkEvents([
        chunk({ role: 'assistant', tool_calls: [{ index: 0, function: { name: 'a', arguments: '{"n":1}' } }, { index: 1, function: { name: 'b', arguments: '{"n":2}' } }] }),
        chunk({}, 'stop'),
      ]),
    );
    assert.deepEqual(r.answer().content, [
      { type: 'tool_use', id: 'toolu_live_0', name: 'a', input: { n: 1 } },
      { type: 'tool_use', id: 'toolu_live_1', name: 'b', input: { n: 2 } },
    ]);
    assert.equal(r.answer().stop_reason, 'tool_use');
  });

  test('arguments for a tool call whose block is closed fail the stream', () => {
    const r = new ChatToMessagesRelay(MODEL);
    r.accept({ data: JSON.stringify(chunk({ tool_calls: [{ index: 0, id: 'c0', function: { name: 'a', arguments: '{' } }] })) });
    r.accept({ data: JSON.stringify(chunk({ tool_calls: [{ index: 1, id: 'c1', function: { name: 'b', arguments: '{}' } }] })) });
    assert.throws(() => r.accept({ data: JSON.stringify(chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] })) }), SynapseError);
  });

  test('an error in the stream, as a field or an error event, throws upstream_failed', () => {
    const isUpstreamFailed = (pattern: RegExp) => (e: unknown) => e instanceof SynapseError && e.code === 'upstream_failed' && pattern.test(e.message);
    assert.throws(() => new ChatToMessagesRelay(MODEL).accept({ data: JSON.stringify({ error: { message: 'model overloaded' } }) }), isUpstreamFailed(/model overloaded/));
    assert.throws(() => new ChatToMessagesRelay(MODEL).accept({ event: 'error', data: '{}' }), isUpstreamFailed(/error event/));
    assert.throws(() => new ChatToMessagesRelay(MODEL).accept({ data: 'not json' }), isUpstreamFailed(/malformed/));
  });

  test('a stream that ends without a finish reason fails in finish()', () => {
    const r = new ChatToMessagesRelay(MODEL);
    r.accept({ data: JSON.stringify(chunk({ content: 'half' })) });
    r.accept({ data: '[DONE]' });
    assert.throws(() => r.finish(), (e: unknown) => e instanceof SynapseError && /before the completion finished/.test(e.message));
    assert.throws(() => new ChatToMessagesRelay(MODEL).finish(), SynapseError);
  });

  test('errorEvent is the Anthropic error event', () => {
    assert.deepEqual(new ChatToMessagesRelay(MODEL).errorEvent({ message: 'slow', type: 'timeout_error', code: 'upstream_timeout' }), {
      event: 'error',
      data: { type: 'error', error: { type: 'api_error', message: 'slow' } },
    });
  });
});
