// Codex sessions seen through the Responses API, end to end: a request whose client_metadata names
// a session_id is recorded against that session as agent type codex, misses and cache hits alike,
// and GET /api/v1/agent-sessions/{id} reports them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../helpers/eventually.js';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { primeResponses, sendResponses } from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

describe('agent sessions recorded from the Responses API', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  async function session(id: string): Promise<{ status: number; body: Json }> {
    const res = await gw.request(`/api/v1/agent-sessions/${encodeURIComponent(id)}`);
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** Waits until the session shows `requests` calls (usage is recorded after the answer is sent). */
  async function sessionWith(id: string, requests: number): Promise<Json> {
    let last: Json = {};
    await eventually(`session ${id} with ${requests} requests`, 5_000, async () => {
      const got = await session(id);
      last = got.body;
      return got.status === 200 && last.requests === requests;
    });
    return last;
  }

  test("a Codex turn (client_metadata.session_id 'codex-s1') is recorded as codex; a repeat counts as a cache hit", async () => {
    const body = {
      model: 'gpt-4o',
      instructions: 'You are Codex.',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: uniq('List the files in src/') }] }],
      client_metadata: { session_id: 'codex-s1' },
      prompt_cache_key: 'codex-s1',
      store: false,
    };
    assert.equal((await session('codex-s1')).status, 404, 'unknown before its first call');
    await primeResponses(gw, body);
    const afterMiss = await sessionWith('codex-s1', 1);
    assert.equal(afterMiss.agentType, 'codex');
    assert.equal(afterMiss.sessionId, 'codex-s1');
    assert.equal(afterMiss.cacheHits, 0);
    assert.ok(afterMiss.inputTokens > 0 && afterMiss.outputTokens > 0, JSON.stringify(afterMiss));
    assert.ok(afterMiss.costUsd > 0, 'gpt-4o has a price');

    const hit = await sendResponses(gw, body);
    assert.equal(hit.cache, 'HIT');
    const afterHit = await sessionWith('codex-s1', 2);
    assert.equal(afterHit.cacheHits, 1);
    assert.equal(afterHit.hitRate, 0.5);
    assert.equal(afterHit.agentType, 'codex');
    assert.ok(afterHit.costSavedUsd > 0, 'the hit saved what the miss cost');
    assert.equal(afterHit.outputTokens, afterMiss.outputTokens * 2, 'a hit counts the tokens of the answer it served');

    // Another session asking the same question is a hit too, recorded against its own session.
    const other = await sendResponses(gw, { ...body, client_metadata: { session_id: 'codex-s2' }, prompt_cache_key: 'codex-s2' });
    assert.equal(other.cache, 'HIT');
    const second = await sessionWith('codex-s2', 1);
    assert.equal(second.cacheHits, 1);
    assert.equal(second.agentType, 'codex');
    assert.equal((await session('codex-s1')).body.requests, 2, 'codex-s1 unchanged');
  });

  test("Synapse's own session_id field is recorded, and never sent to the upstream (OpenAI rejects unknown parameters)", async () => {
    const body = { model: 'gpt-4o', input: uniq('Which agent am I?'), session_id: 'own-agent-1' };
    const from = gw.upstream.calls.length;
    const json = await sendResponses(gw, body, { headers: { 'x-synapse-agent-type': 'my-agent' } });
    assert.equal(json.status, 200);
    const streamed = await sendResponses(gw, { ...body, input: uniq('streamed'), stream: true });
    assert.equal(streamed.status, 200);
    const forwarded = gw.upstream.calls.slice(from).map((c) => c.body as Json);
    assert.equal(forwarded.length, 2);
    for (const sent of forwarded) assert.equal('session_id' in sent, false, JSON.stringify(sent));
    const recorded = await sessionWith('own-agent-1', 2);
    assert.equal(recorded.agentType, 'my-agent');
  });

  test('a streamed Codex turn is recorded once its stream has finished', async () => {
    const input = uniq('Explain this stack trace');
    const streamed = await sendResponses(gw, { model: 'gpt-4o', input, stream: true, client_metadata: { session_id: 'codex-stream-1' } });
    assert.equal(streamed.cache, 'MISS');
    assert.equal(streamed.events.at(-1)?.type, 'response.completed');
    const recorded = await sessionWith('codex-stream-1', 1);
    assert.equal(recorded.agentType, 'codex');
    assert.ok(recorded.outputTokens > 0);
    const list = (await (await gw.request('/api/v1/agent-sessions?agentType=codex')).json()) as { sessions: Json[] };
    assert.ok(list.sessions.some((s) => s.sessionId === 'codex-stream-1'));
  });
});
