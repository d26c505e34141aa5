// Tests for the fake upstream's legacy POST /v1/completions, through the official `openai` client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI, { RateLimitError } from 'openai';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { readSseFrames } from './read-sse-events.js';

let upstream: FakeUpstream;
let client: OpenAI;
before(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: upstream.url, maxRetries: 0 });
});
after(() => upstream.close());

test('completions.create echoes each prompt as a text_completion', async () => {
  const single = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'say hi' });
  assert.match(single.id, /^cmpl-/);
  assert.equal(single.object, 'text_completion');
  assert.deepEqual(single.choices, [{ text: 'Echo: say hi', index: 0, logprobs: null, finish_reason: 'stop' }]);
  assert.equal(single.usage?.total_tokens, (single.usage?.prompt_tokens ?? 0) + (single.usage?.completion_tokens ?? 0));
  const batch = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: ['a', 'b'], n: 2 });
  assert.deepEqual(batch.choices.map((c) => [c.index, c.text]), [[0, 'Echo: a'], [1, 'Echo: a'], [2, 'Echo: b'], [3, 'Echo: b']]);
  const echoed = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'p ', echo: true });
  assert.equal(echoed.choices[0]?.text, 'p Echo: p ');
  assert.equal(upstream.callCountFor('/v1/completions'), 3);
  const limited = await client.completions.create({ model: 'fake-429', prompt: 'x' }).catch((e: unknown) => e);
  assert.ok(limited instanceof RateLimitError);
});

test('streamed completions send text chunks, a usage chunk on request, then [DONE]', async () => {
  const chunks: OpenAI.Completions.Completion[] = [];
  const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'one two three', stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(chunks.every((c) => c.object === 'text_completion' && c.id === chunks[0]?.id));
  const usage = chunks.at(-1);
  assert.deepEqual(usage?.choices, []);
  assert.ok((usage?.usage?.completion_tokens ?? 0) > 0);
  const finish = chunks.at(-2)?.choices[0];
  assert.deepEqual(finish, { text: '', index: 0, logprobs: null, finish_reason: 'stop' });
  assert.equal(chunks.slice(0, -2).map((c) => c.choices[0]?.text).join(''), 'Echo: one two three');
  assert.ok(chunks.slice(0, -1).every((c) => c.usage === null), 'usage: null until the usage chunk');
  const raw = await fetch(`${upstream.url}/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-3.5-turbo-instruct', prompt: 'x', stream: true }), headers: { 'content-type': 'application/json' } });
  const { frames } = await readSseFrames(raw);
  assert.equal(frames.at(-1)?.data, '[DONE]');
  assert.ok(frames.every((f) => f.event === undefined), 'data-only frames, like chat');
});
