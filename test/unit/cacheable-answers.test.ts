// Which finished answers the cache keeps, per API: an answer that says nothing (no choices, empty
// text, only hidden reasoning) or only refuses is never kept; one that says something is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCacheableMessage } from '../../src/protocols/anthropic/messages-protocol.js';
import type { AnthropicMessage, ContentBlock } from '../../src/protocols/anthropic/messages-types.js';
import { isCacheableCompletion as isCacheableChat } from '../../src/protocols/chat/chat-protocol.js';
import type { ChatCompletion } from '../../src/protocols/chat/chat-types.js';
import { isCacheableCompletion as isCacheableText } from '../../src/protocols/completions/completions-cache-rules.js';
import type { TextCompletion } from '../../src/protocols/completions/completions-types.js';
import { isCacheableResponse } from '../../src/protocols/responses/responses-cache-rules.js';
import type { OutputItem, ResponseObject } from '../../src/protocols/responses/responses-types.js';

const chat = (choices: unknown[]): ChatCompletion => ({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices }) as unknown as ChatCompletion;
const message = (content: ContentBlock[], stop_reason: string | null = 'end_turn'): AnthropicMessage => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude',
  content,
  stop_reason,
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
});
const response = (output: OutputItem[]): ResponseObject => ({
  id: 'resp_1',
  object: 'response',
  created_at: 0,
  status: 'completed',
  model: 'm',
  output,
  error: null,
  incomplete_details: null,
});
const outputMessage = (content: unknown[]): OutputItem => ({ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content }) as OutputItem;
const text = (choices: Array<{ text: string; finish_reason: string | null }>): TextCompletion =>
  ({ id: 'cmpl', object: 'text_completion', created: 0, model: 'm', choices: choices.map((c, index) => ({ ...c, index, logprobs: null })) }) as TextCompletion;

describe('chat completions', () => {
  test('no choices, an empty answer and a refusal without content are not kept; text and tool calls are', () => {
    assert.equal(isCacheableChat(chat([])), false);
    assert.equal(isCacheableChat(chat([{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }])), false);
    assert.equal(isCacheableChat(chat([{ index: 0, message: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: 'stop' }])), false);
    assert.equal(isCacheableChat(chat([{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }])), true);
    const call = { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } };
    assert.equal(isCacheableChat(chat([{ index: 0, message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' }])), true);
  });
});

describe('Anthropic messages', () => {
  test('a refusal, no content, an empty text block or only thinking is not kept', () => {
    assert.equal(isCacheableMessage(message([], 'refusal')), false);
    assert.equal(isCacheableMessage(message([{ type: 'text', text: 'partial' }], 'refusal')), false);
    assert.equal(isCacheableMessage(message([])), false);
    assert.equal(isCacheableMessage(message([{ type: 'text', text: '' }])), false);
    assert.equal(isCacheableMessage(message([{ type: 'thinking', thinking: 'hmm', signature: 's' }])), false);
    assert.equal(isCacheableMessage(message([{ type: 'redacted_thinking', data: 'x' }, { type: 'text', text: '' }])), false);
  });

  test('text or a tool call is kept, after thinking too', () => {
    assert.equal(isCacheableMessage(message([{ type: 'text', text: 'Hi' }])), true);
    assert.equal(isCacheableMessage(message([{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'text', text: 'Hi' }])), true);
    assert.equal(isCacheableMessage(message([{ type: 'tool_use', id: 't', name: 'f', input: {} }], 'tool_use')), true);
  });
});

describe('Responses', () => {
  test('no output, a refusal, an empty message or only reasoning is not kept', () => {
    assert.equal(isCacheableResponse(response([])), false);
    assert.equal(isCacheableResponse(response([outputMessage([{ type: 'refusal', refusal: 'No.' }])])), false);
    assert.equal(isCacheableResponse(response([outputMessage([])])), false);
    assert.equal(isCacheableResponse(response([outputMessage([{ type: 'output_text', text: '', annotations: [] }])])), false);
    assert.equal(isCacheableResponse(response([{ type: 'reasoning', id: 'rs_1', summary: [] }])), false);
  });

  test('text or a function call is kept, after reasoning too', () => {
    const said = outputMessage([{ type: 'output_text', text: 'Hi', annotations: [] }]);
    assert.equal(isCacheableResponse(response([said])), true);
    assert.equal(isCacheableResponse(response([{ type: 'reasoning', id: 'rs_1', summary: [] }, said])), true);
    const call = { type: 'function_call', id: 'fc_1', call_id: 'c', name: 'f', arguments: '{}', status: 'completed' } as OutputItem;
    assert.equal(isCacheableResponse(response([call])), true);
  });
});

describe('legacy completions', () => {
  test('no choices, an unfinished choice or an empty text is not kept', () => {
    assert.equal(isCacheableText(text([])), false);
    assert.equal(isCacheableText(text([{ text: 'Hi', finish_reason: null }])), false);
    assert.equal(isCacheableText(text([{ text: '', finish_reason: 'stop' }])), false);
    assert.equal(isCacheableText(text([{ text: 'Hi', finish_reason: 'stop' }, { text: '', finish_reason: 'length' }])), false);
    assert.equal(isCacheableText(text([{ text: 'Hi', finish_reason: 'stop' }])), true);
  });
});
