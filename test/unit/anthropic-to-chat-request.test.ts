// Anthropic Messages requests translated for an OpenAI-compatible upstream: system prompts, content
// blocks, tool results and calls, tools and tool_choice, parameters, and what is refused or dropped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import { DROPPED_REQUEST_FIELDS, toChatRequest } from '../../src/protocols/anthropic/chat-translation/to-chat-request.js';
import type { MessageParam, MessagesRequest } from '../../src/protocols/anthropic/messages-types.js';

function request(messages: MessageParam[], extra: Partial<MessagesRequest> = {}): MessagesRequest {
  return { model: 'claude-sonnet-4-5', max_tokens: 1024, messages, ...extra };
}

function messagesOf(body: MessagesRequest): unknown[] {
  return toChatRequest(body, 'gpt-4o').messages;
}

function assertRefused(body: MessagesRequest, pattern: RegExp): void {
  assert.throws(
    () => toChatRequest(body, 'gpt-4o'),
    (error: unknown) => error instanceof SynapseError && error.code === 'validation_failed' && pattern.test(error.message),
  );
}

const PNG = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' };

describe('toChatRequest: system prompts and plain content', () => {
  test('a string system prompt leads; text blocks are joined as paragraphs; system messages stay in place', () => {
    assert.deepEqual(messagesOf(request([{ role: 'user', content: 'Hi' }], { system: 'Be brief.' })), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    const body = request(
      [
        { role: 'user', content: 'Hi' },
        { role: 'system', content: [{ type: 'text', text: 'Mode: plan.' }] },
        { role: 'assistant', content: 'Hello' },
      ],
      { system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Be careful.' }] },
    );
    assert.deepEqual(messagesOf(body), [
      { role: 'system', content: 'You are Claude Code.\n\nBe careful.' },
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Mode: plan.' },
      { role: 'assistant', content: 'Hello' },
    ]);
  });

  test('text-only block content becomes one string; with an image it stays parts', () => {
    assert.deepEqual(
      messagesOf(request([{ role: 'user', content: [{ type: 'text', text: '<reminder/>' }, { type: 'text', text: 'Fix the bug', cache_control: { type: 'ephemeral' } }] }])),
      [{ role: 'user', content: '<reminder/>\nFix the bug' }],
    );
    assert.deepEqual(
      messagesOf(request([{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: PNG }, { type: 'image', source: { type: 'url', url: 'https://x/y.jpg' } }] }])),
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://x/y.jpg' } },
          ],
        },
      ],
    );
  });

  test('plain-text documents become text; PDFs, files and file images are refused with a clear message', () => {
    assert.deepEqual(
      messagesOf(request([{ role: 'user', content: [{ type: 'document', title: 'notes.txt', source: { type: 'text', media_type: 'text/plain', data: 'line 1' } }, { type: 'text', text: 'Summarize' }] }])),
      [{ role: 'user', content: 'notes.txt\nline 1\nSummarize' }],
    );
    assert.deepEqual(
      messagesOf(request([{ role: 'user', content: [{ type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'chunk' }] } }] }])),
      [{ role: 'user', content: 'chunk' }],
    );
    const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } };
    assertRefused(request([{ role: 'user', content: [pdf] }]), /messages\[0\].*document with a 'base64' source.*OpenAI chat API.*no equivalent/);
    assertRefused(request([{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f1' } }] }]), /image with a 'file' source/);
    assertRefused(request([{ role: 'user', content: [{ type: 'search_result', source: 's', title: 't', content: [] }] }]), /'search_result' content block/);
  });
});

describe('toChatRequest: tool calls and results', () => {
  test('assistant tool_use becomes tool_calls; thinking is dropped; a thinking-only turn disappears', () => {
    const body = request([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'call it', signature: 's' },
          { type: 'redacted_thinking', data: 'xx' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_3', name: 'ls', input: { path: '.' } }] },
    ]);
    assert.deepEqual(messagesOf(body), [
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_3', type: 'function', function: { name: 'ls', arguments: '{"path":"."}' } }] },
    ]);
  });

  test('each tool_result becomes a tool message, before the rest of the user turn; errors are prefixed', () => {
    const body = request([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Here you go.' },
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'no such' }, { type: 'text', text: 'timezone' }], is_error: true },
          { type: 'tool_result', tool_use_id: 'toolu_3' },
        ],
      },
    ]);
    assert.deepEqual(messagesOf(body), [
      { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: no such\ntimezone' },
      { role: 'tool', tool_call_id: 'toolu_3', content: '' },
      { role: 'user', content: 'Here you go.' },
    ]);
  });

  test('images a tool returned move to a user message after the tool messages', () => {
    const body = request([
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'screenshot' }, { type: 'image', source: PNG }] }] },
    ]);
    assert.deepEqual(messagesOf(body), [
      { role: 'tool', tool_call_id: 'toolu_1', content: 'screenshot\n[1 image(s) from this tool result follow in the next user message]' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    ]);
  });

  test('server-side blocks in the history are refused', () => {
    assertRefused(
      request([{ role: 'assistant', content: [{ type: 'server_tool_use', id: 's1', name: 'web_search', input: {} }] }]),
      /assistant 'server_tool_use' block/,
    );
  });
});

describe('toChatRequest: tools, tool_choice and parameters', () => {
  const weather = { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

  test('custom tools become functions; Anthropic-defined tools are refused by name', () => {
    const chat = toChatRequest(request([{ role: 'user', content: 'x' }], { tools: [weather, { name: 'noop', type: 'custom', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' }, strict: true }] }), 'gpt-4o');
    assert.deepEqual(chat.tools, [
      { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: weather.input_schema } },
      { type: 'function', function: { name: 'noop', parameters: { type: 'object' } } },
    ]);
    assertRefused(request([{ role: 'user', content: 'x' }], { tools: [weather, { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] }), /tools\[1\] 'web_search'.*web_search_20250305/);
    assertRefused(request([{ role: 'user', content: 'x' }], { tools: [{ type: 'bash_20250124', name: 'bash' }] }), /bash_20250124/);
  });

  test('tool_choice auto/any/tool/none map; disable_parallel_tool_use sets parallel_tool_calls false', () => {
    const cases: Array<[MessagesRequest['tool_choice'], Record<string, unknown>]> = [
      [{ type: 'auto' }, { tool_choice: 'auto' }],
      [{ type: 'any' }, { tool_choice: 'required' }],
      [{ type: 'tool', name: 'get_weather' }, { tool_choice: { type: 'function', function: { name: 'get_weather' } } }],
      [{ type: 'none' }, { tool_choice: 'none' }],
      [{ type: 'auto', disable_parallel_tool_use: true }, { tool_choice: 'auto', parallel_tool_calls: false }],
      [{ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true }, { tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false }],
    ];
    for (const [choice, expected] of cases) {
      const { tool_choice, parallel_tool_calls } = toChatRequest(request([{ role: 'user', content: 'x' }], { tools: [weather], tool_choice: choice }), 'gpt-4o');
      assert.deepEqual({ tool_choice, ...(parallel_tool_calls === undefined ? {} : { parallel_tool_calls }) }, expected);
    }
    const noTools = toChatRequest(request([{ role: 'user', content: 'x' }], { tool_choice: { type: 'any' } }), 'gpt-4o');
    assert.equal('tool_choice' in noTools, false, 'chat rejects tool_choice without tools');
  });

  test('parameters carry over, the model is the upstream one, and fields without equivalent are dropped', () => {
    const body = request([{ role: 'user', content: 'x' }], {
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user_abc_account__session_1' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      cache_control: { type: 'ephemeral' },
      context_management: { edits: [] },
      output_config: { effort: 'high' },
      service_tier: 'auto',
      some_future_field: 1,
    });
    assert.deepEqual(toChatRequest(body, 'qwen3-coder'), {
      model: 'qwen3-coder',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 1024,
      stop: ['END'],
      temperature: 0.2,
      top_p: 0.9,
    });
    assert.ok(DROPPED_REQUEST_FIELDS.includes('top_k') && DROPPED_REQUEST_FIELDS.includes('output_config'));
  });

  test('stream asks the upstream for usage in the stream', () => {
    const chat = toChatRequest(request([{ role: 'user', content: 'x' }], { stream: true }), 'gpt-4o');
    assert.equal(chat.stream, true);
    assert.deepEqual(chat.stream_options, { include_usage: true });
    assert.equal('stream' in toChatRequest(request([{ role: 'user', content: 'x' }], { stream: false }), 'gpt-4o'), false);
  });
});
