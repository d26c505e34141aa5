// OpenAI chat completions read back as Anthropic messages: content and tool_use blocks, stop reasons,
// usage with cached tokens, and the ids derived from the completion.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import type { ChatCompletion, ChatMessage } from '../../src/protocols/chat/chat-types.js';
import { toAnthropicMessage, toStopReason } from '../../src/protocols/anthropic/chat-translation/to-anthropic-message.js';
import { readMessageUsage } from '../../src/protocols/anthropic/message-usage.js';

function completion(message: Partial<ChatMessage>, finish_reason: string | null = 'stop', extra: Partial<ChatCompletion> = {}): ChatCompletion {
  return {
    id: 'chatcmpl-abc123',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null, ...message }, logprobs: null, finish_reason }],
    usage: { prompt_tokens: 1200, completion_tokens: 30, total_tokens: 1230, prompt_tokens_details: { cached_tokens: 1024 } },
    ...extra,
  };
}

describe('toAnthropicMessage', () => {
  test('text answer: id from the completion, the requested model, end_turn, usage split by cache', () => {
    assert.deepEqual(toAnthropicMessage(completion({ content: 'Hello!' }), 'claude-sonnet-4-5'), {
      id: 'msg_abc123',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 176, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024, output_tokens: 30 },
    });
  });

  test('its usage reads back as the prompt and completion tokens the upstream reported', () => {
    assert.deepEqual(readMessageUsage(toAnthropicMessage(completion({ content: 'x' }), 'claude-x')), { inputTokens: 1200, outputTokens: 30 });
  });

  test('tool calls become tool_use blocks after the text, with parsed input', () => {
    const message = toAnthropicMessage(
      completion(
        {
          content: 'Let me check.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      'claude-x',
    );
    assert.deepEqual(message.content, [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    ]);
    assert.equal(message.stop_reason, 'tool_use');
  });

  test('empty content gives no text block; arguments that are not a JSON object are kept as INVALID_JSON', () => {
    const message = toAnthropicMessage(
      completion({ content: '', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }, { id: 'd', type: 'function', function: { name: 'g', arguments: '[1]' } }] }, 'tool_calls'),
      'claude-x',
    );
    assert.deepEqual(message.content, [
      { type: 'tool_use', id: 'c', name: 'f', input: { INVALID_JSON: '{"a":' } },
      { type: 'tool_use', id: 'd', name: 'g', input: { INVALID_JSON: '[1]' } },
    ]);
  });

  test('finish reasons map to stop reasons', () => {
    assert.equal(toStopReason('stop', false), 'end_turn');
    assert.equal(toStopReason('length', false), 'max_tokens');
    assert.equal(toStopReason('length', true), 'max_tokens');
    assert.equal(toStopReason('tool_calls', true), 'tool_use');
    assert.equal(toStopReason('function_call', true), 'tool_use');
    assert.equal(toStopReason('content_filter', false), 'refusal');
    assert.equal(toStopReason('stop', true), 'tool_use', 'servers that finish tool calls with stop');
    assert.equal(toStopReason(null, false), 'end_turn');
  });

  test('a refusal is shown as text and stops with refusal', () => {
    const message = toAnthropicMessage(completion({ content: null, refusal: "I can't help with that." }), 'claude-x');
    assert.deepEqual(message.content, [{ type: 'text', text: "I can't help with that." }]);
    assert.equal(message.stop_reason, 'refusal');
  });

  test('missing ids are derived deterministically; missing usage counts zero', () => {
    const noIds = completion({ tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }, 'tool_calls', { id: '', usage: undefined });
    const first = toAnthropicMessage(noIds, 'claude-x');
    assert.deepEqual(toAnthropicMessage(noIds, 'claude-x'), first);
    assert.match(first.id, /^msg_[\w-]{24}$/);
    assert.equal(first.content[0]!.id, `toolu_${first.id.slice(4)}_0`);
    assert.deepEqual(first.usage, { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 });
  });

  test('an answer without choices is an upstream failure', () => {
    assert.throws(() => toAnthropicMessage({ ...completion({}), choices: [] }, 'claude-x'), (e: unknown) => e instanceof SynapseError && e.code === 'upstream_failed');
  });
});
