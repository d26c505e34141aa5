// End-to-end tests of concurrent Messages misses and of agent sessions, in front of an Anthropic
// upstream that takes any key: identical misses with the same credentials share one upstream call,
// misses with different provider keys never do; Claude Code's session header is recorded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, type TestGateway } from '../helpers/test-gateway.js';
import { ask, sendMessages, sseEvents, startNativeGateway, uniq, upstreamCallsOn, UPSTREAM_KEY, type Json } from '../helpers/anthropic-test-kit.js';

/** Slow enough that concurrent requests overlap on two busy cores. */
const SLOW_MODEL = 'fake-slow-400';

describe('Messages API coalescing and agent sessions (native upstream)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startNativeGateway({}, { anyKey: true });
  });
  after(() => gw.close());

  test('concurrent identical misses with the same credentials make one upstream call', async () => {
    const body = ask(uniq('coalesce me'), { model: SLOW_MODEL });
    const before = gw.upstream.callCountFor('/v1/messages');
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => sendMessages(gw, body)),
      sendMessages(gw, { ...body, stream: true }),
    ]);
    assert.equal(gw.upstream.callCountFor('/v1/messages'), before + 1, 'one upstream call for all of them');
    for (const result of results) {
      assert.equal(result.status, 200, result.text);
      assert.equal(result.cache, 'MISS');
    }
    const roles = results.map((r) => r.headers.get('x-coalesced')).sort();
    assert.deepEqual(roles, ['original', 'piggybacked', 'piggybacked', 'piggybacked', 'piggybacked']);
    const jsonAnswers = results.slice(0, 4).map((r) => r.json);
    for (const answer of jsonAnswers) assert.deepEqual(answer, jsonAnswers[0]);
    assert.match(results[4]!.headers.get('content-type') ?? '', /^text\/event-stream/);
    const streamedText = sseEvents(results[4]!.text)
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => e.data.delta.text as string)
      .join('');
    assert.equal(streamedText, `Echo: ${body.messages[0].content}`, 'a streaming caller gets the shared answer as a stream');
    assert.equal(upstreamCallsOn(gw).at(-1)!.headers['x-api-key'], UPSTREAM_KEY);
  });

  test('concurrent identical misses with different provider keys each make their own call with their own key', async () => {
    const body = ask(uniq('my key, my call'), { model: SLOW_MODEL });
    const keys = ['sk-ant-caller-a-1111', 'sk-ant-caller-b-2222'];
    const before = upstreamCallsOn(gw).length;
    const results = await Promise.all(
      keys.map((key) => sendMessages(gw, body, { auth: { authorization: `Bearer ${ADMIN_KEY}`, 'x-api-key': key } })),
    );
    for (const result of results) assert.equal(result.status, 200, result.text);
    const calls = upstreamCallsOn(gw).slice(before);
    assert.equal(calls.length, 2, 'one call per provider key');
    assert.deepEqual(calls.map((c) => c.headers['x-api-key']).sort(), keys);
    for (const call of calls) assert.deepEqual(call.body, body);
  });

  test('a client that goes away cancels its upstream call, streamed or not', async () => {
    for (const stream of [true, false]) {
      const controller = new AbortController();
      const before = upstreamCallsOn(gw).length;
      const pending = fetch(gw.url + '/v1/messages', {
        method: 'POST',
        signal: controller.signal,
        headers: { 'x-api-key': ADMIN_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify(ask(uniq('hang up'), { model: 'fake-hang', stream })),
      });
      await eventually('the upstream call started', 5_000, () => upstreamCallsOn(gw).length > before);
      controller.abort();
      await assert.rejects(pending);
      await eventually(`the upstream call is cancelled (stream ${stream})`, 5_000, () => upstreamCallsOn(gw)[before]!.aborted);
    }
  });

  test("Claude Code's session header: a miss then a hit are recorded against the session", async () => {
    const headers = { 'X-Claude-Code-Session-Id': 's1' };
    const body = ask(uniq('session question'));
    const miss = await sendMessages(gw, body, { headers });
    assert.equal(miss.cache, 'MISS', miss.text);
    const hit = await sendMessages(gw, body, { headers });
    assert.equal(hit.cache, 'HIT');

    let session: Json = {};
    await eventually('both calls are recorded', 5_000, async () => {
      const res = await gw.request('/api/v1/agent-sessions/s1');
      session = (await res.json()) as Json;
      return res.status === 200 && session.requests === 2;
    });
    assert.equal(session.sessionId, 's1');
    assert.equal(session.agentType, 'claude-code');
    assert.equal(session.requests, 2);
    assert.equal(session.cacheHits, 1);
    assert.equal(session.hitRate, 0.5);
    const usage = miss.json.usage as Json;
    assert.equal(session.inputTokens, usage.input_tokens * 2, 'the hit counts the tokens of the answer it served');
    assert.equal(session.outputTokens, usage.output_tokens * 2);
  });

  test('the SDK with the session header: a streamed miss and a JSON hit are recorded too', async () => {
    const client = new Anthropic({ baseURL: gw.url, apiKey: ADMIN_KEY, maxRetries: 0, defaultHeaders: { 'X-Claude-Code-Session-Id': 'sdk-session-2' } });
    const body = ask(uniq('sdk session question')) as Anthropic.MessageCreateParamsNonStreaming;
    const streamed = await client.messages.stream(body).finalMessage();
    const again = await client.messages.create(body).withResponse();
    assert.equal(again.response.headers.get('x-synapse-cache-status'), 'HIT');
    assert.deepEqual(again.data.content, streamed.content);
    let session: Json = {};
    await eventually('both calls are recorded', 5_000, async () => {
      session = (await (await gw.request('/api/v1/agent-sessions/sdk-session-2')).json()) as Json;
      return session.requests === 2;
    });
    assert.equal(session.agentType, 'claude-code');
    assert.equal(session.cacheHits, 1);
  });
});
