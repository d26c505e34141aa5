// The local input-token estimate for count_tokens: characters over four, plus the documented fixed
// costs for messages, images, binary documents and tools; thinking is left out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateInputTokens } from '../../src/protocols/anthropic/count-tokens-estimate.js';

describe('estimateInputTokens', () => {
  test('counts text at four characters a token plus a per-message overhead', () => {
    assert.equal(estimateInputTokens({ messages: [{ role: 'user', content: 'a'.repeat(400) }] }), 100 + 4);
    assert.equal(
      estimateInputTokens({ system: [{ type: 'text', text: 'b'.repeat(40) }], messages: [{ role: 'user', content: [{ type: 'text', text: 'c'.repeat(40) }] }] }),
      20 + 4,
    );
  });

  test('images and binary documents cost fixed amounts; text documents count their text', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'x'.repeat(100_000) } };
    assert.equal(estimateInputTokens({ messages: [{ role: 'user', content: [image] }] }), 1_600 + 4);
    const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } };
    assert.equal(estimateInputTokens({ messages: [{ role: 'user', content: [pdf] }] }), 2_000 + 4);
    const text = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'd'.repeat(80) } };
    assert.equal(estimateInputTokens({ messages: [{ role: 'user', content: [text] }] }), 20 + 4);
  });

  test('tools add their JSON and the tool-use system prompt; tool calls and results count; thinking does not', () => {
    const tool = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } };
    const withTools = estimateInputTokens({ messages: [{ role: 'user', content: '' }], tools: [tool] });
    assert.equal(withTools, Math.ceil(JSON.stringify(tool).length / 4) + 4 + 350);
    const turn = estimateInputTokens({
      messages: [
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'x'.repeat(4_000), signature: 's' }, { type: 'tool_use', id: 't', name: 'f', input: { a: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'e'.repeat(16) }] }] },
      ],
    });
    assert.equal(turn, Math.ceil(('f'.length + '{"a":1}'.length + 16) / 4) + 8);
  });

  test('never answers zero', () => {
    assert.equal(estimateInputTokens({ messages: [] }), 1);
  });
});
