// End-to-end tests of the proxy under concurrency: identical misses in flight at the same time are
// coalesced into one upstream call (JSON and streamed), distinct requests never get each other's
// answers, and a coalesced call outlives the disconnect of the client that started it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

let gw: TestGateway;
let token: string;
before(async () => {
  gw = await startTestGateway();
  token = await gw.tokenFor(ADMIN_KEY);
});
after(() => gw.close());

const ask = (model: string, content: string, extra: Json = {}): Json => ({ model, messages: [{ role: 'user', content }], ...extra });
const uniq = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;
const init = (body: Json): RequestInit => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const chat = (body: Json): Promise<Response> => fetch(gw.url + '/v1/chat/completions', init(body));

/** The content of an OpenAI SSE body; throws unless it ended with [DONE] and no error event. */
function streamedContent(text: string): string {
  const events = text.split('\n\n').filter((e) => e.trim() !== '');
  assert.equal(events.at(-1), 'data: [DONE]', 'the stream completed');
  assert.ok(!events.some((e) => e.startsWith('event: error')));
  return events
    .slice(0, -1)
    .map((e) => (JSON.parse(e.slice('data: '.length)) as Json).choices[0]?.delta?.content ?? '')
    .join('');
}

function countBy(values: Array<string | null>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

test('200 parallel identical requests make one upstream call: one original, the rest piggybacked (or hits once it ended)', async () => {
  // The upstream answers after 1.5 s, so on a busy machine every request still arrives while the
  // call is in flight (one arriving later would be a plain cache hit, not piggybacked).
  const body = ask('fake-slow-1500', uniq('everyone asks this'));
  const callsBefore = gw.upstream.callCount('fake-slow-1500');
  const responses = await Promise.all(Array.from({ length: 200 }, () => chat(body)));
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as Json[];
  assert.deepEqual(countBy(responses.map((r) => String(r.status))), { '200': 200 });
  assert.equal(gw.upstream.callCount('fake-slow-1500'), callsBefore + 1);
  // One caller led the call; the others joined it while in flight, or (on a machine so busy that
  // their requests arrived after it ended) were served its stored answer: never a second call.
  const roles = countBy(responses.map((r) => r.headers.get('x-coalesced') ?? r.headers.get('x-synapse-cache-status')));
  assert.equal(roles.original, 1, JSON.stringify(roles));
  assert.ok((roles.piggybacked ?? 0) > 0, JSON.stringify(roles));
  assert.equal((roles.piggybacked ?? 0) + (roles.HIT ?? 0), 199, JSON.stringify(roles));
  const contents = new Set(bodies.map((b) => b.choices[0].message.content));
  assert.deepEqual([...contents], [`Echo: ${body.messages[0].content}`]);
});

test('50 parallel identical streaming requests make one upstream call and all complete alike', async () => {
  const body = ask('fake-slow-1500', uniq('everyone streams this'), { stream: true });
  const callsBefore = gw.upstream.callCount('fake-slow-1500');
  const responses = await Promise.all(Array.from({ length: 50 }, () => chat(body)));
  const texts = await Promise.all(responses.map((r) => r.text()));
  assert.ok(responses.every((r) => r.status === 200 && r.headers.get('content-type')?.startsWith('text/event-stream')));
  assert.equal(gw.upstream.callCount('fake-slow-1500'), callsBefore + 1);
  assert.deepEqual(countBy(responses.map((r) => r.headers.get('x-coalesced'))), { original: 1, piggybacked: 49 });
  const contents = new Set(texts.map(streamedContent));
  assert.deepEqual([...contents], [`Echo: ${body.messages[0].content}`]);
});

test('100 parallel distinct requests each get their own answer', async () => {
  const questions = Array.from({ length: 100 }, (_, i) => uniq(`question number ${i}`));
  const callsBefore = gw.upstream.callCount('fake-slow-100');
  const responses = await Promise.all(questions.map((q) => chat(ask('fake-slow-100', q))));
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as Json[];
  bodies.forEach((b, i) => assert.equal(b.choices[0].message.content, `Echo: ${questions[i]}`));
  assert.equal(gw.upstream.callCount('fake-slow-100'), callsBefore + 100);
});

for (const stream of [false, true]) {
  test(`a coalesced call completes for the others when its original client disconnects (stream: ${stream})`, async () => {
    const body = ask('fake-slow-1000', uniq('the first one leaves'), stream ? { stream: true } : {});
    // Own connection pool: after an abort undici opens a spare connection that never sends a
    // request, and the gateway's close() would wait for Node's headersTimeout (~60 s) on it.
    const agent = new Agent();
    try {
      const controller = new AbortController();
      const first = undiciFetch(gw.url + '/v1/chat/completions', { ...(init(body) as object), signal: controller.signal, dispatcher: agent });
      first.catch(() => undefined);
      const call = (): Json | undefined => gw.upstream.calls.find((c) => (c.body as Json).messages[0].content === body.messages[0].content);
      while (!call()) await sleep(10); // the first request is now the original
      const others = Array.from({ length: 10 }, () => chat(body));
      await sleep(100);
      controller.abort();
      await assert.rejects(first);
      const responses = await Promise.all(others);
      const contents = await Promise.all(
        responses.map(async (r) => (stream ? streamedContent(await r.text()) : ((await r.json()) as Json).choices[0].message.content)),
      );
      assert.deepEqual(countBy(responses.map((r) => `${r.status} ${r.headers.get('x-coalesced')}`)), { '200 piggybacked': 10 });
      assert.deepEqual(new Set(contents), new Set([`Echo: ${body.messages[0].content}`]));
      assert.equal(call()!.aborted, false, 'the upstream call was not cancelled');
      assert.equal(gw.upstream.calls.filter((c) => (c.body as Json).messages[0].content === body.messages[0].content).length, 1);
    } finally {
      await agent.destroy();
    }
  });
}
