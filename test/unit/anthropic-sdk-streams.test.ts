// The official Anthropic SDK reads our streams as it reads Claude's: a local server sends the SSE
// text of a replayed message, of a translated OpenAI stream, and of a failure mid-stream.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { ChatCompletion } from '../../src/protocols/chat/chat-types.js';
import { replayAsChunks } from '../../src/protocols/chat/completion-replay.js';
import { ChatToMessagesRelay } from '../../src/protocols/anthropic/chat-translation/chat-to-messages-relay.js';
import { replayMessageEvents } from '../../src/protocols/anthropic/message-replay.js';
import type { AnthropicMessage } from '../../src/protocols/anthropic/messages-types.js';
import { MessagesStreamRelay } from '../../src/protocols/anthropic/messages-stream-relay.js';
import type { SseEvent } from '../../src/protocols/stream-relay.js';

const STORED: AnthropicMessage = {
  id: 'msg_sdk',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'thinking', thinking: 'Greet, then call the weather tool for both cities.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h==' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
    { type: 'text', text: 'Checking the weather — one moment 🌦 for  Zürich and Paris.' },
    {
      type: 'text',
      text: 'Paris is the capital.',
      citations: [{ type: 'char_location', cited_text: 'Paris', document_index: 0, document_title: 'Atlas', start_char_index: 0, end_char_index: 5 }],
    },
    { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Zürich 🏔', units: ['c'], nested: { deep: [1, 2.5, null, true] } } },
    { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'weather' } },
    { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://x', title: 'X', encrypted_content: 'e', page_age: null }] },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048, output_tokens: 77 },
};

const CHAT_ANSWER: ChatCompletion = {
  id: 'chatcmpl-sdk',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'I will read both files.',
        refusal: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/src/a.ts"}' } },
          { id: 'call_2', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/src/b.ts","limit":50}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940, prompt_tokens_details: { cached_tokens: 512 } },
};

function toSseText(events: SseEvent[]): string {
  const data = (e: SseEvent) => (typeof e.data === 'string' ? e.data : JSON.stringify(e.data));
  return events.map((e) => `${e.event ? `event: ${e.event}\n` : ''}data: ${data(e)}\n\n`).join('');
}

/** The SDK adds `parsed_output: null` and copies some fields as undefined; JSON drops those. */
function plain(message: unknown): unknown {
  const { parsed_output: _parsed, ...rest } = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
  return rest;
}

describe('the official Anthropic SDK reads our streams', () => {
  let server: Server;
  let client: Anthropic;
  let body = '';
  const streamFinal = () =>
    client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_test' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new Anthropic({ apiKey: 'test', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a replayed message accumulates to the stored message', async () => {
    body = toSseText(replayMessageEvents(STORED));
    assert.deepEqual(plain(await streamFinal()), STORED);
    const empty = { ...STORED, content: [], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 0 } };
    body = toSseText(replayMessageEvents(empty));
    assert.deepEqual(plain(await streamFinal()), empty);
  });

  test('a translated OpenAI stream accumulates to the relay answer', async () => {
    const relay = new ChatToMessagesRelay('claude-sonnet-4-5');
    const events = [...replayAsChunks(CHAT_ANSWER, { includeUsage: true }).map((c) => JSON.stringify(c)), '[DONE]'].flatMap((data) => relay.accept({ data }));
    events.push(...relay.finish());
    body = toSseText(events);
    const final = plain(await streamFinal());
    assert.deepEqual(final, relay.answer());
    assert.deepEqual((final as AnthropicMessage).usage, { input_tokens: 388, cache_creation_input_tokens: 0, cache_read_input_tokens: 512, output_tokens: 40 });
  });

  test('an in-stream error event raises an APIError carrying its Anthropic type and message', async () => {
    const relay = new MessagesStreamRelay();
    const events = replayMessageEvents(STORED).slice(0, 4);
    events.push(relay.errorEvent({ message: 'rate limit exceeded', type: 'rate_limit_error', code: 'upstream_rate_limited' }));
    body = toSseText(events);
    await assert.rejects(
      streamFinal(),
      (error: unknown) => error instanceof Anthropic.APIError && error.type === 'rate_limit_error' && error.apiMessage === 'rate limit exceeded',
    );
  });
});
