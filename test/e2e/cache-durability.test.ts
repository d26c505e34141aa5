// cache.durability sync: an answer is acknowledged only once its cache entry is written. Right
// after a JSON answer, or the end of a stream (chat and Anthropic Messages), the row is in the
// SQLite file already; nothing has to wait for the write-behind batch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ask, cacheRows, chat, readSse, uniq } from '../helpers/proxy-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;

before(async () => {
  gw = await startTestGateway({ env: { SYNAPSE_CACHE_DURABILITY: 'sync', SYNAPSE_SEMANTIC_CACHE_ENABLED: 'false' } });
});
after(async () => {
  await gw.close();
});

const storedWith = (text: string): boolean => cacheRows(gw.dataDir).some((row) => String(row.response).includes(text));

describe('cache.durability sync', () => {
  test('a JSON answer is in the store when the client has it', async () => {
    for (let i = 0; i < 5; i++) {
      const prompt = uniq('durable json');
      const response = await chat(gw, gw.adminKey, ask(prompt));
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      assert.ok(storedWith(prompt), `entry ${i} written before the answer was acknowledged`);
    }
  });

  test('a streamed answer is in the store when the client has read the end of the stream', async () => {
    const prompt = uniq('durable stream');
    const response = await chat(gw, gw.adminKey, ask(prompt, { stream: true }));
    const events = await readSse(response);
    assert.equal(events.at(-1)?.data, '[DONE]');
    assert.ok(storedWith(prompt));
  });

  test('so is an Anthropic Messages stream, whose closing event comes from the upstream', async () => {
    const prompt = uniq('durable messages');
    const response = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gw.adminKey, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: prompt }] }),
    });
    const events = await readSse(response);
    assert.equal(events.at(-1)?.event, 'message_stop');
    assert.ok(storedWith(prompt));
  });
});
