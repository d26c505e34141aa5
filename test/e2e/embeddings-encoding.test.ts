// Embeddings come back in the encoding the client asked for. The official SDKs ask for base64 by
// default; an upstream that ignores encoding_format answers floats, which the SDK would decode into
// garbage vectors without an error, so the gateway encodes them (little-endian float32, base64).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { embeddingFor, FLOAT_ONLY_EMBEDDING_MODEL } from '../fake-upstream/embeddings.js';
import { clientFor, type Json } from '../helpers/proxy-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;

before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

function decodeBase64Floats(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}

async function embed(body: Json): Promise<Json> {
  const response = await gw.request('/v1/embeddings', { body });
  assert.equal(response.status, 200);
  return (await response.json()) as Json;
}

describe('embeddings encoding', () => {
  test("the OpenAI client's default (base64) against an upstream answering floats decodes to the right vectors", async () => {
    const client = clientFor(gw, gw.adminKey);
    const inputs = ['hello world', 'the gateway encodes floats'];
    const result = await client.embeddings.create({ model: FLOAT_ONLY_EMBEDDING_MODEL, input: inputs });
    assert.equal((gw.upstream.calls.at(-1)!.body as Json).encoding_format, 'base64', 'the client asked for base64');
    assert.deepEqual(result.data.map((d) => d.index), [0, 1]);
    inputs.forEach((input, i) => assert.deepEqual(result.data[i]!.embedding, embeddingFor(input, 64), input));
    assert.equal(result.usage.total_tokens > 0, true, 'the rest of the body is kept');
  });

  test('a raw base64 request gets base64 strings; a float request gets the floats as they came', async () => {
    const asked = await embed({ model: FLOAT_ONLY_EMBEDDING_MODEL, input: 'raw', encoding_format: 'base64', dimensions: 8 });
    assert.equal(typeof asked.data[0].embedding, 'string');
    assert.deepEqual(decodeBase64Floats(asked.data[0].embedding), embeddingFor('raw', 8));
    const floats = await embed({ model: FLOAT_ONLY_EMBEDDING_MODEL, input: 'raw', encoding_format: 'float', dimensions: 8 });
    assert.deepEqual(floats.data[0].embedding, embeddingFor('raw', 8));
    const unspecified = await embed({ model: FLOAT_ONLY_EMBEDDING_MODEL, input: 'raw', dimensions: 8 });
    assert.deepEqual(unspecified.data[0].embedding, embeddingFor('raw', 8), 'float is the API default');
  });

  test('an upstream that honours base64 is relayed unchanged', async () => {
    const client = clientFor(gw, gw.adminKey);
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'honoured' });
    assert.deepEqual(result.data[0]!.embedding, embeddingFor('honoured', 64));
  });

  test('an upstream error is relayed as before', async () => {
    const response = await gw.request('/v1/embeddings', { body: { model: 'fake-400', input: 'x', encoding_format: 'base64' } });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Json).error.type, 'invalid_request_error');
  });
});
