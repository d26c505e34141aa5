// Miss coalescing never mixes provider credentials: identical concurrent misses share one upstream
// call only when they carry the same provider key (x-api-key beside a Synapse credential), so one
// caller's upstream 401, or an answer billed to another account, never reaches the other caller.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { ask, uniq } from '../helpers/proxy-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const SLOW = 'fake-slow-300';

/** Sends a chat request with the Synapse key in Authorization and, when given, a provider key in x-api-key. */
function chatWithKey(gw: TestGateway, body: Record<string, unknown>, providerKey?: string): Promise<Response> {
  return gw.request('/v1/chat/completions', { body, ...(providerKey ? { headers: { 'x-api-key': providerKey } } : {}) });
}

describe('coalescing keeps provider credentials apart', () => {
  let gw: TestGateway;
  let upstream: FakeUpstream;
  /** A second gateway whose upstream accepts only the configured key: a wrong own key gets its 401. */
  let strictUpstream: FakeUpstream;
  let strict: TestGateway;

  before(async () => {
    gw = await startTestGateway();
    upstream = gw.upstream;
    strictUpstream = await startFakeUpstream({ apiKey: 'sk-upstream-configured' });
    strict = await startTestGateway({ upstream: strictUpstream });
  });
  after(async () => {
    await gw.close();
    await strict.close();
    await strictUpstream.close();
  });

  const callsOf = (calls: FakeUpstream['calls'], content: string) => calls.filter((c) => JSON.stringify(c.body).includes(content));

  test('two identical misses with different provider keys make two upstream calls, each with its own key', async () => {
    const body = ask(uniq('different keys'), { model: SLOW });
    const [keyA, keyB] = [`sk-own-a-${randomUUID()}`, `sk-own-b-${randomUUID()}`];
    const started = upstream.calls.length;
    const responses = await Promise.all([chatWithKey(gw, body, keyA), chatWithKey(gw, body, keyB)]);
    await Promise.all(responses.map((r) => r.text()));
    const calls = upstream.calls.slice(started).filter((c) => c.model === SLOW);
    assert.equal(calls.length, 2, 'one upstream call per provider key');
    assert.deepEqual(calls.map((c) => c.authorization).sort(), [`Bearer ${keyA}`, `Bearer ${keyB}`].sort());
    assert.deepEqual(responses.map((r) => r.headers.get('x-coalesced')), ['original', 'original']);
  });

  test('two identical misses with the same provider key share one upstream call', async () => {
    const body = ask(uniq('same key'), { model: SLOW });
    const key = `sk-own-same-${randomUUID()}`;
    const responses = await Promise.all([chatWithKey(gw, body, key), chatWithKey(gw, body, key)]);
    await Promise.all(responses.map((r) => r.text()));
    const calls = callsOf(upstream.calls, body.messages[0].content);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.authorization, `Bearer ${key}`);
    assert.deepEqual(responses.map((r) => r.headers.get('x-coalesced')).sort(), ['original', 'piggybacked']);
  });

  test("one caller's upstream 401 never reaches a caller with a valid key", async () => {
    const body = ask(uniq('one key is wrong'), { model: SLOW });
    const [wrong, configured] = await Promise.all([chatWithKey(strict, body, `sk-wrong-${randomUUID()}`), chatWithKey(strict, body)]);
    const wrongBody = (await wrong.json()) as { error: { type: string } };
    const rightBody = (await configured.json()) as { choices: Array<{ message: { content: string } }> };
    assert.equal(wrong.status, 401, JSON.stringify(wrongBody));
    assert.equal(configured.status, 200, JSON.stringify(rightBody));
    assert.equal(rightBody.choices[0]!.message.content, `Echo: ${body.messages[0].content}`);
    assert.equal(callsOf(strictUpstream.calls, body.messages[0].content).length, 2);
  });

  test('a Synapse key in x-api-key is never taken for a provider key', async () => {
    const response = await chatWithKey(gw, ask(uniq('synapse key twice')), ADMIN_KEY);
    assert.equal(response.status, 200, await response.text());
    assert.equal(upstream.calls.at(-1)!.authorization, 'Bearer sk-upstream-configured');
  });
});
