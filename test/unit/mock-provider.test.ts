// The mock upstream on its own: the same request always gets the same answer, a stream carries
// the same answer as the JSON, unknown paths are a 404 in the API's error shape, and an aborted
// call rejects like a network call would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockProvider } from '../../src/providers/mock/mock-provider.js';

const openai = new MockProvider('mock', 'openai');
const anthropic = new MockProvider('mock-anthropic', 'anthropic');
const chatBody = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Same question' }] });

test('the same request gets the same answer and id, marked as mock', async () => {
  const [a, b] = await Promise.all([1, 2].map(() => openai.request({ method: 'POST', path: '/chat/completions', body: chatBody })));
  const [first, second] = [JSON.parse(await a!.text()), JSON.parse(await b!.text())];
  assert.equal(first.id, second.id);
  assert.deepEqual(first.choices, second.choices);
  assert.equal(a!.headers['x-synapse-mock'], 'true');
});

test('a stream carries the JSON answer, event by event, ending in [DONE]', async () => {
  const body = JSON.stringify({ ...JSON.parse(chatBody), stream: true, stream_options: { include_usage: true } });
  const response = await openai.request({ method: 'POST', path: '/chat/completions', body, stream: true });
  assert.equal(response.headers['content-type'], 'text/event-stream');
  const frames: string[] = [];
  for await (const chunk of response.body) frames.push(Buffer.from(chunk).toString());
  assert.ok(frames.length > 3);
  assert.equal(frames.at(-1), 'data: [DONE]\n\n');
  const text = frames
    .slice(0, -1)
    .map((frame) => JSON.parse(frame.slice('data: '.length)))
    .map((chunk) => chunk.choices[0]?.delta?.content ?? '')
    .join('');
  const json = JSON.parse(await (await openai.request({ method: 'POST', path: '/chat/completions', body: chatBody })).text());
  assert.equal(text, json.choices[0].message.content);
});

test('paths the mock does not serve are 404 in the API error shape', async () => {
  const stored = await openai.request({ method: 'GET', path: '/responses/resp_1' });
  assert.equal(stored.status, 404);
  assert.equal(JSON.parse(await stored.text()).error.code, 'not_found');
  const other = await anthropic.request({ method: 'POST', path: '/v1/complete', body: '{}' });
  assert.equal(other.status, 404);
  assert.equal(JSON.parse(await other.text()).error.type, 'not_found_error');
});

test('an aborted call rejects with the abort reason', async () => {
  const controller = new AbortController();
  controller.abort(new Error('client went away'));
  await assert.rejects(openai.request({ method: 'POST', path: '/chat/completions', body: chatBody, signal: controller.signal }), /client went away/);
});
