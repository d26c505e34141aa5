// The built-in mock provider (SYNAPSE_MOCK=1) through HTTP with the official openai and Anthropic
// SDKs: every API the gateway speaks answers, as JSON and as a stream, deterministically, through
// the cache (MISS then HIT), with every response marked `x-synapse-mock: true` and no call to the
// configured upstream.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { loadConfig } from '../../src/config/load.js';
import { ask, chat, clientFor, uniq } from '../helpers/proxy-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  gw = await startTestGateway({ env: { SYNAPSE_MOCK: '1' } });
  openai = clientFor(gw, ADMIN_KEY);
  anthropic = new Anthropic({ baseURL: gw.url, apiKey: ADMIN_KEY, maxRetries: 0 });
});
after(() => gw.close());

const mockAnswerTo = (text: string): string => `This is a mock response from Synapse: no model was called. You said: "${text}"`;

describe('mock provider: OpenAI APIs', () => {
  test('chat completions: the documented answer, MISS then HIT, marked as mock', async () => {
    const question = uniq('What is a semantic cache?');
    const first = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }).withResponse();
    assert.equal(first.response.headers.get('x-synapse-mock'), 'true');
    assert.equal(first.response.headers.get('x-synapse-cache-status'), 'MISS');
    assert.equal(first.data.choices[0]!.message.content, mockAnswerTo(question));
    assert.equal(first.data.choices[0]!.finish_reason, 'stop');
    assert.ok(first.data.usage!.prompt_tokens > 0 && first.data.usage!.completion_tokens > 0);
    const second = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }).withResponse();
    assert.equal(second.response.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(second.response.headers.get('x-synapse-mock'), 'true');
    assert.equal(second.data.choices[0]!.message.content, first.data.choices[0]!.message.content);
  });

  test('chat completions stream: the same answer in chunks, with usage when asked, then a HIT', async () => {
    const question = uniq('Stream me an answer');
    const run = async () => {
      const { data: stream, response } = await openai.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }], stream: true, stream_options: { include_usage: true } })
        .withResponse();
      let text = '';
      let chunks = 0;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        chunks++;
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      return { text, chunks, usage, status: response.headers.get('x-synapse-cache-status'), mock: response.headers.get('x-synapse-mock') };
    };
    const miss = await run();
    assert.deepEqual([miss.status, miss.mock], ['MISS', 'true']);
    assert.equal(miss.text, mockAnswerTo(question));
    assert.ok(miss.chunks > 3, `streamed in ${miss.chunks} chunks`);
    assert.ok(miss.usage && miss.usage.total_tokens > 0);
    const hit = await run();
    assert.deepEqual([hit.status, hit.text], ['HIT', miss.text]);
  });

  test('mock_response in the body chooses the answer, as LiteLLM does', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: uniq('anything') }],
      // @ts-expect-error: a gateway field the SDK does not know
      mock_response: 'Paris',
    });
    assert.equal(completion.choices[0]!.message.content, 'Paris');
  });

  test('legacy completions, JSON and stream', async () => {
    const prompt = uniq('Once upon a time');
    const json = await openai.completions.create({ model: 'gpt-4o-mini', prompt });
    assert.equal(json.choices[0]!.text, mockAnswerTo(prompt));
    const stream = await openai.completions.create({ model: 'gpt-4o-mini', prompt: uniq('Twice upon a time'), stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    assert.match(text, /^This is a mock response from Synapse/);
  });

  test('Responses API, JSON then a streamed HIT of the same request', async () => {
    const input = uniq('Summarise the Responses API');
    const json = await openai.responses.create({ model: 'gpt-4o', input }).withResponse();
    assert.equal(json.data.output_text, mockAnswerTo(input));
    assert.equal(json.data.status, 'completed');
    assert.equal(json.response.headers.get('x-synapse-mock'), 'true');
    const stream = await openai.responses.create({ model: 'gpt-4o', input, stream: true }).withResponse();
    assert.equal(stream.response.headers.get('x-synapse-cache-status'), 'HIT');
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream.data) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(text, json.data.output_text);
    assert.equal(completed?.status, 'completed');
  });

  test('embeddings: unit vectors in base64 (the SDK default) and float, similar texts closer', async () => {
    const result = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['a cat sat on the mat', 'the cat is on the mat', 'tax law in 1990'] });
    const [a, b, c] = result.data.map((d) => d.embedding);
    assert.equal(a!.length, 512);
    const dot = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
    assert.ok(Math.abs(dot(a!, a!) - 1) < 1e-3, 'unit length');
    assert.ok(dot(a!, b!) > dot(a!, c!), 'similar texts have similar vectors');
    const floats = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'a cat sat on the mat', dimensions: 64, encoding_format: 'float' });
    assert.equal(floats.data[0]!.embedding.length, 64);
  });

  test('models: the mock lists OpenAI and Anthropic model names', async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    assert.ok(ids.includes('gpt-4o-mini') && ids.includes('claude-sonnet-4-5'), ids.join(', '));
  });
});

describe('mock provider: Anthropic Messages', () => {
  test('messages.create, then the same request streamed is a HIT with the same text', async () => {
    const question = uniq('Hello Claude');
    const params = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user' as const, content: question }] };
    const { data: message, response } = await anthropic.messages.create(params).withResponse();
    assert.equal(response.headers.get('x-synapse-mock'), 'true');
    assert.equal(response.headers.get('x-synapse-cache-status'), 'MISS');
    assert.deepEqual(message.content, [{ type: 'text', text: mockAnswerTo(question) }]);
    assert.equal(message.stop_reason, 'end_turn');
    const stream = anthropic.messages.stream(params);
    const streamed = await stream.finalMessage();
    assert.deepEqual(streamed.content, message.content);
    assert.equal((await stream.withResponse()).response.headers.get('x-synapse-cache-status'), 'HIT');
  });

  test('a fresh streamed request is answered as a stream, and count_tokens estimates', async () => {
    const question = uniq('Stream from the mock');
    const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: question }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    assert.equal(text, mockAnswerTo(question));
    assert.ok(final.usage.input_tokens > 0 && final.usage.output_tokens > 0);
    const counted = await anthropic.messages.countTokens({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: question }] });
    assert.ok(counted.input_tokens > 0);
  });
});

describe('mock mode', () => {
  test('no call reaches the configured upstream, and errors and ops routes are marked too', async () => {
    assert.equal(gw.upstream.calls.length, 0, 'the fake upstream the test gateway configured was never called');
    const unauthorised = await chat(gw, 'sk-syn-not-a-key-000000000000000000000', ask('hi'));
    assert.equal(unauthorised.status, 401);
    assert.equal(unauthorised.headers.get('x-synapse-mock'), 'true');
    const health = await fetch(gw.url + '/health');
    assert.equal(health.headers.get('x-synapse-mock'), 'true');
  });

  test('SYNAPSE_MOCK and the config key turn it on; off by default', () => {
    const env = { SYNAPSE_DATA_DIR: gw.dataDir };
    assert.equal(loadConfig({ cwd: gw.dataDir, env }).mock, false);
    assert.equal(loadConfig({ cwd: gw.dataDir, env: { ...env, SYNAPSE_MOCK: 'true' } }).mock, true);
    assert.equal(loadConfig({ cwd: gw.dataDir, env, overrides: { mock: true } }).mock, true);
  });
});

/** <out>/test/e2e/mock-provider.test.js -> <repo>/bin/synapse.js, which runs <out>/src/cli/main.js. */
const SYNAPSE_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/synapse.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('synapse serve --mock', () => {
  test('no key, no upstream: the README request is a MISS, then a HIT, and the start-up log says mock', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'synapse-mock-'));
    const port = await freePort();
    const key = 'sk-syn-mock-serve-key-0000000000000000000000';
    const env = { PATH: process.env.PATH ?? '', HOME: dataDir, SYNAPSE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SYNAPSE_BOOTSTRAP_KEY: key };
    const child = spawn(process.execPath, [SYNAPSE_BIN, 'serve', '--mock'], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!output.includes('Server listening') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      assert.match(output, /Server listening/, output);
      assert.match(output, /mock provider: every model is answered by Synapse itself/);
      const request = () =>
        fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is a semantic cache?' }] }),
        });
      const statuses: Array<string | null> = [];
      for (const response of [await request(), await request()]) {
        assert.equal(response.status, 200, await response.clone().text());
        assert.equal(response.headers.get('x-synapse-mock'), 'true');
        statuses.push(response.headers.get('x-synapse-cache-status'));
        await response.arrayBuffer();
      }
      assert.deepEqual(statuses, ['MISS', 'HIT']);
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
