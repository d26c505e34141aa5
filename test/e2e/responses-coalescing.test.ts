// Coalescing of concurrent identical Responses misses, end to end on a slow fake model: callers with
// the same credentials share one upstream call (streaming or not); callers with their own provider
// keys, or of other tenants, never share one, and each call carries its own key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { responsesCalls, sendResponses, type Sent } from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** Slow enough that every concurrent caller arrives while the first call is still in flight. */
const SLOW_MODEL = 'fake-slow-800';

describe('coalescing concurrent Responses misses', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  const idOf = (sent: Sent): string => (sent.events.length > 0 ? sent.events.at(-1)!.response.id : sent.json.id);

  /** Upstream calls for `model` made since `from` (an index into the recorded calls). */
  const callsSince = (from: number, model: string) => gw.upstream.calls.slice(from).filter((c) => c.path === '/v1/responses' && c.model === model);

  test('identical misses with the same credentials make one upstream call, streaming or not', async () => {
    const body = { model: SLOW_MODEL, input: uniq('shared question') };
    const from = gw.upstream.calls.length;
    const sent = await Promise.all([
      sendResponses(gw, body),
      sendResponses(gw, body),
      sendResponses(gw, { ...body, stream: true }),
      sendResponses(gw, { ...body, stream: true }),
      sendResponses(gw, body),
    ]);
    assert.equal(callsSince(from, SLOW_MODEL).length, 1, 'one upstream call for all five');
    for (const s of sent) assert.equal(s.status, 200, JSON.stringify(s.json));
    assert.equal(new Set(sent.map(idOf)).size, 1, 'everyone got the same response');
    const roles = sent.map((s) => s.headers.get('x-coalesced') ?? s.cache);
    assert.equal(roles.filter((r) => r === 'original').length, 1, roles.join(','));
    assert.ok(roles.every((r) => r === 'original' || r === 'piggybacked' || r === 'HIT'), roles.join(','));
    for (const s of sent.filter((x) => x.events.length > 0)) assert.equal(s.events.at(-1)!.type, 'response.completed');
    assert.equal((await sendResponses(gw, body)).cache, 'HIT', 'and the answer was stored');
  });

  test("callers with their own provider keys get one upstream call per key, each with that key", async () => {
    const body = { model: SLOW_MODEL, input: uniq('per-key question') };
    const keys = [undefined, 'sk-own-key-a', 'sk-own-key-b'];
    const from = gw.upstream.calls.length;
    const sent = await Promise.all(
      keys.flatMap((key) => {
        const headers: Record<string, string> = key ? { 'x-api-key': key } : {};
        return [sendResponses(gw, body, { headers }), sendResponses(gw, { ...body, stream: true }, { headers })];
      }),
    );
    for (const s of sent) assert.equal(s.status, 200, JSON.stringify(s.json));
    const calls = callsSince(from, SLOW_MODEL);
    assert.equal(calls.length, keys.length, 'one call per set of credentials');
    assert.deepEqual(
      calls.map((c) => c.headers.authorization).sort(),
      ['Bearer sk-own-key-a', 'Bearer sk-own-key-b', 'Bearer sk-upstream-configured'],
      'each call made with its own key',
    );
    for (const call of calls) assert.equal(call.headers['x-api-key'], undefined, 'OpenAI upstreams get the key only as a bearer');
    const ids = sent.map(idOf);
    for (let i = 0; i < keys.length; i++) assert.equal(ids[2 * i], ids[2 * i + 1], `the two callers with key ${keys[i] ?? '(configured)'} shared a call`);
    assert.equal(new Set(ids).size, keys.length);
  });

  test('identical misses of two tenants never share a call', async () => {
    const other = await gw.createKey({ tenant_id: 'coalesce-other', role: 'readonly' });
    const body: Json = { model: SLOW_MODEL, input: uniq('tenant question') };
    const before = responsesCalls(gw, SLOW_MODEL);
    const [mine, theirs] = await Promise.all([sendResponses(gw, body), sendResponses(gw, body, { auth: other.key })]);
    assert.equal(mine.status, 200);
    assert.equal(theirs.status, 200, JSON.stringify(theirs.json));
    assert.equal(responsesCalls(gw, SLOW_MODEL) - before, 2);
    assert.notEqual(idOf(mine), idOf(theirs));
  });
});
