// The exact-match cache key: which request fields make two requests "the same" and which do not,
// and that tenants never share a key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeCacheKey } from '../../src/domain/cache/cache-key.js';

const base = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'What is a semantic cache?' },
  ],
  temperature: 0.2,
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
};

const key = (body: Record<string, unknown>, tenant = 'acme'): string => computeCacheKey(tenant, body);

describe('computeCacheKey', () => {
  test('is a deterministic SHA-256 hex digest', () => {
    assert.match(key(base), /^[0-9a-f]{64}$/);
    assert.equal(key(base), key(structuredClone(base)));
  });

  test('does not depend on the order of object keys, at any depth', () => {
    const reordered = {
      tools: [{ function: { parameters: { properties: { q: { type: 'string' } }, type: 'object' }, name: 'lookup' }, type: 'function' }],
      temperature: 0.2,
      messages: [
        { content: 'You are terse.', role: 'system' },
        { content: 'What is a semantic cache?', role: 'user' },
      ],
      model: 'gpt-4o',
    };
    assert.equal(key(reordered), key(base));
  });

  test('ignores fields that only steer delivery or bookkeeping', () => {
    const delivery: Record<string, unknown> = {
      stream: true,
      stream_options: { include_usage: true },
      session_id: 'sess-1',
      user: 'user-42',
      metadata: { run: 'abc' },
      store: true,
      service_tier: 'flex',
      safety_identifier: 'safe-1',
      prompt_cache_key: 'pck',
    };
    for (const [field, value] of Object.entries(delivery)) {
      assert.equal(key({ ...base, [field]: value }), key(base), `${field} must not change the key`);
    }
    assert.equal(key({ ...base, ...delivery }), key(base));
  });

  test('changes with every field that can change the answer', () => {
    const variants: Record<string, Record<string, unknown>> = {
      model: { ...base, model: 'gpt-4o-mini' },
      'user message': { ...base, messages: [base.messages[0], { role: 'user', content: 'What is a semantic cache!' }] },
      'system prompt': { ...base, messages: [{ role: 'system', content: 'You are verbose.' }, base.messages[1]] },
      'message order': { ...base, messages: [base.messages[1], base.messages[0]] },
      'earlier turn': { ...base, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, ...base.messages] },
      temperature: { ...base, temperature: 0.3 },
      'no temperature': { model: base.model, messages: base.messages, tools: base.tools },
      top_p: { ...base, top_p: 0.9 },
      n: { ...base, n: 2 },
      seed: { ...base, seed: 7 },
      max_tokens: { ...base, max_tokens: 10 },
      'tool set': { ...base, tools: [] },
      tool_choice: { ...base, tool_choice: 'required' },
      response_format: { ...base, response_format: { type: 'json_object' } },
      'unknown field': { ...base, some_future_option: true },
    };
    const seen = new Map<string, string>([[key(base), 'base']]);
    for (const [name, body] of Object.entries(variants)) {
      const k = key(body);
      assert.ok(!seen.has(k), `${name} collides with ${seen.get(k)}`);
      seen.set(k, name);
    }
  });

  test('partitions by tenant', () => {
    assert.notEqual(key(base, 'acme'), key(base, 'globex'));
    assert.notEqual(key(base, 'acme'), key(base, 'ACME'));
    assert.notEqual(key(base, 'acme'), key(base, ''));
    assert.equal(key(base, 'acme'), key(base, 'acme'));
  });

  test('partitions by workspace scope; no scope keeps the key of earlier versions', () => {
    assert.equal(computeCacheKey('acme', base, '', undefined), computeCacheKey('acme', base));
    assert.notEqual(computeCacheKey('acme', base, '', 'scope-a'), computeCacheKey('acme', base));
    assert.notEqual(computeCacheKey('acme', base, '', 'scope-a'), computeCacheKey('acme', base, '', 'scope-b'));
    assert.notEqual(computeCacheKey('acme', base, 'messages', 'scope-a'), computeCacheKey('acme', base, '', 'scope-a'));
  });
});
