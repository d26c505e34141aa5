// Remembered cache keys (src/domain/cache/cache-key-memo.ts): always the key computeCacheKey gives,
// kept apart by tenant and keyspace, never used for a protocol that adds to its key material.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeCacheKey } from '../../src/domain/cache/cache-key.js';
import { CacheKeyMemo, wholeBody, type KeyedProtocol } from '../../src/domain/cache/cache-key-memo.js';

const chat: KeyedProtocol<Record<string, unknown>> = { keyspace: '', keyMaterial: wholeBody };
const messages: KeyedProtocol<Record<string, unknown>> = { keyspace: 'messages', keyMaterial: wholeBody };
const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
const parsed = () => JSON.parse(text) as Record<string, unknown>;

describe('CacheKeyMemo', () => {
  test('gives the key computeCacheKey gives, remembered or not', () => {
    const memo = new CacheKeyMemo();
    const expected = computeCacheKey('acme', parsed());
    assert.equal(memo.keyOf('acme', chat, parsed(), text), expected);
    assert.equal(memo.keyOf('acme', chat, parsed(), text), expected, 'remembered');
    assert.equal(memo.keyOf('acme', chat, parsed()), expected, 'without the text');
  });

  test('keeps tenants and keyspaces apart for the same text', () => {
    const memo = new CacheKeyMemo();
    memo.keyOf('acme', chat, parsed(), text);
    assert.equal(memo.keyOf('other', chat, parsed(), text), computeCacheKey('other', parsed()));
    assert.equal(memo.keyOf('acme', messages, parsed(), text), computeCacheKey('acme', parsed(), 'messages'));
    assert.notEqual(memo.keyOf('acme', messages, parsed(), text), memo.keyOf('acme', chat, parsed(), text));
  });

  test('keeps workspace scopes apart for the same text, and remembers each', () => {
    const memo = new CacheKeyMemo();
    const unscoped = memo.keyOf('acme', chat, parsed(), text);
    const scoped = memo.keyOf('acme', chat, parsed(), text, 'commit:aaaa111');
    assert.equal(scoped, computeCacheKey('acme', parsed(), '', 'commit:aaaa111'));
    assert.notEqual(scoped, unscoped);
    assert.notEqual(memo.keyOf('acme', chat, parsed(), text, 'commit:bbbb222'), scoped);
    assert.equal(memo.keyOf('acme', chat, parsed(), text, 'commit:aaaa111'), scoped, 'remembered');
    assert.equal(memo.keyOf('acme', chat, parsed(), text), unscoped);
  });

  test('a protocol whose material adds to the body is computed from its material every time', () => {
    const memo = new CacheKeyMemo();
    memo.keyOf('acme', chat, parsed(), text);
    let betas = 'a';
    const withBetas: KeyedProtocol<Record<string, unknown>> = { keyspace: '', keyMaterial: (body) => ({ ...body, '\u0000beta': betas }) };
    const first = memo.keyOf('acme', withBetas, parsed(), text);
    assert.equal(first, computeCacheKey('acme', { ...parsed(), '\u0000beta': 'a' }));
    betas = 'b';
    assert.notEqual(memo.keyOf('acme', withBetas, parsed(), text), first);
    assert.notEqual(first, memo.keyOf('acme', chat, parsed(), text));
  });

  test('stays within its bounds: long texts are not kept, the oldest entry goes first', () => {
    const memo = new CacheKeyMemo(2, 200);
    const body = (n: number) => ({ model: 'm', messages: [{ role: 'user', content: `q${n}` }] });
    const keyOf = (n: number) => memo.keyOf('acme', chat, body(n), JSON.stringify(body(n)));
    keyOf(1);
    keyOf(2);
    keyOf(1);
    keyOf(3); // evicts 1, the oldest
    const partitions = (memo as unknown as { keys: Map<string, Map<string, string>> }).keys;
    const texts = () => [...partitions.values()].flatMap((byText) => [...byText.keys()]);
    assert.deepEqual(texts().map((key) => /q(\d)/.exec(key)![1]), ['2', '3']);
    assert.equal(keyOf(1), computeCacheKey('acme', body(1)));
    const long = { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(300) }] };
    assert.equal(memo.keyOf('acme', chat, long, JSON.stringify(long)), computeCacheKey('acme', long));
    assert.equal(texts().length, 2);
  });
});
