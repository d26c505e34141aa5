// A cached text completion replayed as stream chunks must be the same completion, for the
// gateway's own relay and for the official openai client reading it over HTTP.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import OpenAI, { APIError } from 'openai';
import { replayCompletionChunks } from '../../src/protocols/completions/completion-replay.js';
import { CompletionsStreamRelay } from '../../src/protocols/completions/completions-stream-relay.js';
import type { TextCompletion, TextCompletionChunk } from '../../src/protocols/completions/completions-types.js';
import type { SseEvent } from '../../src/protocols/stream-relay.js';

const STORY =
  'Once upon a time a gateway kept every answer it had ever given,\nand when the same question came ' +
  'again  it answered at once — without asking anyone 🙂.';

function completion(): TextCompletion {
  return {
    id: 'cmpl-replay',
    object: 'text_completion',
    created: 1_700_000_000,
    model: 'gpt-3.5-turbo-instruct',
    system_fingerprint: 'fp_test',
    choices: [
      { text: STORY, index: 0, logprobs: null, finish_reason: 'stop' },
      {
        text: 'Roses are red',
        index: 1,
        logprobs: { tokens: ['Roses', ' are', ' red'], token_logprobs: [-0.5, -0.1, -0.2], top_logprobs: [{ Roses: -0.5 }, { ' are': -0.1 }, { ' red': -0.2 }], text_offset: [0, 5, 9] },
        finish_reason: 'length',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 40, total_tokens: 52 },
  };
}

function toWire(event: SseEvent): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return `${event.event ? `event: ${event.event}\n` : ''}data: ${data}\n\n`;
}

describe('replayCompletionChunks', () => {
  for (const includeUsage of [false, true]) {
    test(`round-trips n=2, logprobs and usage through the relay (include_usage ${includeUsage})`, () => {
      const original = completion();
      const events = replayCompletionChunks(original, { includeUsage });
      assert.deepEqual(events.at(-1), { data: '[DONE]' });
      const relay = new CompletionsStreamRelay({ clientWantsUsage: includeUsage });
      const forwarded = events.flatMap((e) => relay.accept({ data: typeof e.data === 'string' ? e.data : JSON.stringify(e.data) }));
      assert.equal(forwarded.length, events.length - 1, 'every chunk is forwarded, [DONE] is not');
      relay.finish();
      assert.deepEqual(relay.answer(), original);
    });
  }

  test('text comes in several pieces; usage rides on its own chunk or on the last one', () => {
    const chunks = (includeUsage: boolean): TextCompletionChunk[] =>
      replayCompletionChunks(completion(), { includeUsage }).slice(0, -1).map((e) => e.data as TextCompletionChunk);
    const first = chunks(false).filter((c) => c.choices[0]?.index === 0 && c.choices[0].text !== '');
    assert.ok(first.length >= 4);
    assert.equal(first.map((c) => c.choices[0]!.text).join(''), STORY);
    assert.deepEqual(chunks(true).at(-1)!.choices, []);
    assert.deepEqual(chunks(true).at(-1)!.usage, completion().usage);
    assert.equal(chunks(false).at(-1)!.choices[0]!.finish_reason, 'length');
    assert.deepEqual(chunks(false).at(-1)!.usage, completion().usage);
    for (const c of chunks(true)) assert.equal(c.object, 'text_completion');
  });
});

describe('the official openai client reading a replayed completion stream over HTTP', () => {
  let server: Server;
  let client: OpenAI;
  let served: SseEvent[] = [];

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const event of served) res.write(toWire(event));
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new OpenAI({ apiKey: 'test-key', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('completions.create({stream: true}) yields the same text, finish reasons and usage', async () => {
    const original = completion();
    served = replayCompletionChunks(original, { includeUsage: true });
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Tell a story',
      stream: true,
      stream_options: { include_usage: true },
    });
    const texts = ['', ''];
    const finish: Array<string | null> = [null, null];
    let usage: unknown;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.text;
        if (choice.finish_reason) finish[choice.index] = choice.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    assert.deepEqual(texts, [STORY, 'Roses are red']);
    assert.deepEqual(finish, ['stop', 'length']);
    assert.deepEqual(usage, original.usage);
  });

  test("the relay's error event makes the client throw with the gateway's message", async () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    const replayed = replayCompletionChunks(completion(), { includeUsage: false }).slice(0, 3);
    served = [...replayed, relay.errorEvent({ message: 'upstream request failed: stream interrupted', type: 'proxy_error', code: 'upstream_failed' })];
    const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'x', stream: true });
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
      })(),
      (error: unknown) => error instanceof APIError && /stream interrupted/.test(error.message),
    );
    assert.ok(text.length > 0, 'the chunks before the error arrived');
  });
});
