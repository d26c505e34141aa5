// The synapse_metadata of a cached chat completion is written out by hand (src/http/routes/proxy/
// wire/chat-wire.ts); it must be exactly what JSON.stringify writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chatWire, metadataJson } from '../../src/http/routes/proxy/wire/chat-wire.js';
import type { ResponseMetadata } from '../../src/http/routes/proxy/outcome-writer.js';
import type { ChatRequestBody } from '../../src/protocols/chat/chat-types.js';

const cases: ResponseMetadata[] = [
  { cache_hit: true, similarity: 1, source: 'l1', latency_ms: 0.12 },
  { cache_hit: true, similarity: 0.9312345678901234, source: 'l2', latency_ms: 12 },
  { cache_hit: false, similarity: 0, source: 'provider', latency_ms: 1234.56 },
  { cache_hit: true, similarity: 1e-7, source: 'l2', latency_ms: 1e21 },
  { cache_hit: true, similarity: Number.NaN, source: 'l1', latency_ms: Number.POSITIVE_INFINITY },
  { cache_hit: true, similarity: -0, source: 'l1', latency_ms: 0 },
];
const sessions = [undefined, 'session-1', 'quote " backslash \\ newline \n é 日本 \u2028 \ud83d\ude00 \u0001'];

describe('chat wire metadata', () => {
  test('is what JSON.stringify writes, with and without a session id', () => {
    for (const metadata of cases) {
      for (const sessionId of sessions) {
        const expected = JSON.stringify(sessionId === undefined ? metadata : { ...metadata, session_id: sessionId });
        assert.equal(metadataJson(metadata, sessionId), expected);
      }
    }
  });

  test('a cached body gains it as its last field, as a parse and stringify would write it', () => {
    const stored = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [] });
    const body = { model: 'gpt-4o', messages: [], session_id: 's"1' } as unknown as ChatRequestBody;
    const text = chatWire.cachedJson(stored, cases[0]!, body);
    assert.equal(text, JSON.stringify({ ...JSON.parse(stored), synapse_metadata: { ...cases[0], session_id: 's"1' } }));
  });
});
