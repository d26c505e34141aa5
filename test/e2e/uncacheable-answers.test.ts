// Answers that must never be served again are never cached, on every API and as JSON or stream:
// an empty answer (chat `choices: []`, an Anthropic message or a Response with no content) and a
// refusal without content (chat `refusal`, Anthropic stop_reason `refusal`, a Responses refusal).
// The fake upstream's fake-empty and fake-refusal models give them; gpt-4o is the control that
// shows the same two requests would have been a hit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { REFUSAL_TEXT } from '../fake-upstream/chat-completions.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { uniq } from '../helpers/proxy-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

interface Api {
  label: string;
  path: string;
  upstreamPath: string;
  headers?: Record<string, string>;
  body(model: string, text: string, stream: boolean): Json;
}

const CHAT: Api = {
  label: 'chat completions',
  path: '/v1/chat/completions',
  upstreamPath: '/v1/chat/completions',
  body: (model, text, stream) => ({ model, messages: [{ role: 'user', content: text }], ...(stream ? { stream } : {}) }),
};
const MESSAGES: Api = {
  label: 'Anthropic Messages',
  path: '/v1/messages',
  upstreamPath: '/v1/messages',
  headers: { 'anthropic-version': '2023-06-01' },
  body: (model, text, stream) => ({ model, max_tokens: 256, messages: [{ role: 'user', content: text }], ...(stream ? { stream } : {}) }),
};
const TRANSLATED: Api = { ...MESSAGES, label: 'Anthropic Messages translated to chat', upstreamPath: '/v1/chat/completions' };
const RESPONSES: Api = {
  label: 'Responses',
  path: '/v1/responses',
  upstreamPath: '/v1/responses',
  body: (model, text, stream) => ({ model, input: text, ...(stream ? { stream } : {}) }),
};

let upstream: FakeUpstream;
let gw: TestGateway;
/** A gateway with an Anthropic upstream, so /v1/messages goes there as it is. */
let native: TestGateway;

before(async () => {
  upstream = await startFakeUpstream();
  gw = await startTestGateway({ upstream });
  native = await startTestGateway({ upstream, env: { ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: 'sk-ant-test' } });
});
after(async () => {
  await gw.close();
  await native.close();
  await upstream.close();
});

/** Sends the same request twice; returns both cache statuses, the two bodies and how many calls reached the upstream. */
async function sendTwice(target: TestGateway, api: Api, model: string, stream: boolean, expectedStatus = 200) {
  const text = uniq(`${api.label} ${model}${stream ? ' streamed' : ''}`);
  const body = api.body(model, text, stream);
  const statuses: Array<string | null> = [];
  const bodies: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await target.request(api.path, { body, ...(api.headers ? { headers: api.headers } : {}) });
    bodies.push(await response.text());
    assert.equal(response.status, expectedStatus, bodies.at(-1));
    statuses.push(response.headers.get('x-synapse-cache-status'));
  }
  const calls = upstream.calls.filter((c) => c.path === api.upstreamPath && JSON.stringify(c.body).includes(text)).length;
  return { statuses, bodies, calls };
}

const cases: Array<[Api, () => TestGateway]> = [
  [CHAT, () => gw],
  [TRANSLATED, () => gw],
  [MESSAGES, () => native],
  [RESPONSES, () => gw],
];

for (const [api, target] of cases) {
  describe(api.label, () => {
    for (const stream of [false, true]) {
      const how = stream ? 'streamed' : 'JSON';
      test(`${how}: the control answer is cached`, async () => {
        const { statuses, calls } = await sendTwice(target(), api, 'gpt-4o', stream);
        assert.deepEqual(statuses, ['MISS', 'HIT']);
        assert.equal(calls, 1);
      });

      for (const model of ['fake-refusal', 'fake-empty']) {
        test(`${how}: a ${model === 'fake-refusal' ? 'refusal without content' : 'answer with no content'} is never cached`, async () => {
          // A chat answer without choices has nothing to translate into a message: 502 (streamed, an empty message).
          const untranslatable = api === TRANSLATED && model === 'fake-empty' && !stream;
          const { statuses, bodies, calls } = await sendTwice(target(), api, model, stream, untranslatable ? 502 : 200);
          if (!untranslatable) assert.deepEqual(statuses, ['MISS', 'MISS']);
          assert.equal(calls, 2, 'both requests reached the upstream');
          // chat `refusal`, Anthropic stop_reason `refusal`, a Responses part of type `refusal`.
          if (model === 'fake-refusal') assert.ok(bodies.every((b) => b.includes('refusal')), 'the client saw the refusal');
          if (model === 'fake-refusal' && api !== MESSAGES) assert.ok(bodies.every((b) => b.includes(REFUSAL_TEXT.slice(0, 3))));
        });
      }
    }
  });
}
