// The /v1/responses/{id}... routes the gateway forwards to the upstream that keeps the state:
// retrieve, input items, delete and cancel return what the upstream has, an unknown id is a 404 in
// OpenAI's error shape, and no Synapse credential (key or token) ever reaches the upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { NotFoundError } from 'openai';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { primeResponses, responsesClient } from '../helpers/responses-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const CONFIGURED = 'Bearer sk-upstream-configured';

describe('forwarded /v1/responses/{id} routes', () => {
  let gw: TestGateway;
  let token: string;
  let client: OpenAI;
  before(async () => {
    gw = await startTestGateway();
    token = await gw.tokenFor(ADMIN_KEY);
    client = responsesClient(gw, token);
  });
  after(() => gw.close());

  /** Every upstream call since `from` used the configured key and carried no Synapse credential. */
  function assertNoSynapseCredential(from: number): void {
    const calls = gw.upstream.calls.slice(from);
    assert.ok(calls.length > 0);
    for (const call of calls) {
      assert.equal(call.headers.authorization, CONFIGURED, `${call.path}: the configured provider key`);
      const wire = JSON.stringify({ headers: call.headers, query: call.query, body: call.body ?? null });
      assert.equal(wire.includes(ADMIN_KEY), false, `${call.path}: the Synapse key stays in the gateway`);
      assert.equal(wire.includes(token), false, `${call.path}: the Synapse token stays in the gateway`);
      assert.equal(wire.includes('sk-syn-'), false, `${call.path}: no Synapse key at all`);
    }
  }

  test('retrieve and input_items return what the upstream stored', async () => {
    const from = gw.upstream.calls.length;
    const question = uniq('Keep this response');
    const created = await primeResponses(gw, {
      model: 'gpt-4o',
      input: [
        { role: 'user', content: question },
        { role: 'assistant', content: 'Kept.' },
        { role: 'user', content: 'And this one too.' },
      ],
    }, { auth: token });
    const id = created.json.id as string;

    const retrieved = await client.responses.retrieve(id);
    assert.equal(retrieved.id, id);
    assert.deepEqual({ ...retrieved, output_text: undefined }, { ...created.json, output_text: undefined }, 'the stored response as the upstream keeps it');

    const raw = await fetch(`${gw.url}/v1/responses/${id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(raw.status, 200);
    assert.match(raw.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await raw.json(), created.json);

    const items: Json[] = [];
    for await (const item of client.responses.inputItems.list(id, { order: 'asc' })) items.push(item as unknown as Json);
    assert.deepEqual(items.map((item) => item.role), ['user', 'assistant', 'user']);
    assert.equal(items[0]!.content[0].text, question);

    const page = await fetch(`${gw.url}/v1/responses/${id}/input_items?limit=1&order=desc`, { headers: { authorization: `Bearer ${token}` } });
    const pageJson = (await page.json()) as Json;
    assert.equal(page.status, 200);
    assert.equal(pageJson.object, 'list');
    assert.equal(pageJson.data.length, 1);
    assert.equal(pageJson.has_more, true);
    assert.equal(gw.upstream.calls.at(-1)!.query, 'limit=1&order=desc', 'the query string travels as it is');
    assertNoSynapseCredential(from);
  });

  test('DELETE removes the stored response; it is then a 404', async () => {
    const from = gw.upstream.calls.length;
    const created = await primeResponses(gw, { model: 'gpt-4o', input: uniq('delete me') });
    const id = created.json.id as string;
    const res = await fetch(`${gw.url}/v1/responses/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id, object: 'response', deleted: true });
    assert.equal(gw.upstream.calls.at(-1)!.path, `/v1/responses/${id}`);

    await assert.rejects(client.responses.retrieve(id), NotFoundError);
    await assert.rejects(client.responses.delete(id), NotFoundError);
    assertNoSynapseCredential(from);
  });

  test('an unknown id is a 404 in OpenAI error shape, on every forwarded route', async () => {
    const from = gw.upstream.calls.length;
    const missing = 'resp_does_not_exist_0001';
    for (const [method, path] of [
      ['GET', `/v1/responses/${missing}`],
      ['GET', `/v1/responses/${missing}/input_items`],
      ['DELETE', `/v1/responses/${missing}`],
      ['POST', `/v1/responses/${missing}/cancel`],
    ] as const) {
      const res = await fetch(gw.url + path, { method, headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as Json;
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(body)}`);
      assert.deepEqual(Object.keys(body), ['error']);
      assert.equal(typeof body.error.message, 'string');
      assert.match(body.error.message, new RegExp(missing), 'the upstream\'s message names the id');
      assert.equal(body.error.type, 'invalid_request_error');
      assert.equal(typeof body.error.code, 'string');
    }
    const thrown = await client.responses.retrieve(missing).catch((e: unknown) => e);
    assert.ok(thrown instanceof NotFoundError, String(thrown));
    assertNoSynapseCredential(from);
  });

  test('cancel is forwarded: a background response is returned, a synchronous one refused as upstream says', async () => {
    const from = gw.upstream.calls.length;
    const background = await client.responses.create({ model: 'gpt-4o', input: uniq('in the background'), background: true });
    const cancelled = await client.responses.cancel(background.id);
    assert.equal(cancelled.id, background.id);
    const sync = await primeResponses(gw, { model: 'gpt-4o', input: uniq('synchronous') });
    const res = await fetch(`${gw.url}/v1/responses/${sync.json.id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as Json).error.message, /Cannot cancel/);
    assertNoSynapseCredential(from);
  });

  test("a caller's own provider key (x-api-key beside the Synapse token) is used on forwarded routes", async () => {
    const created = await primeResponses(gw, { model: 'gpt-4o', input: uniq('own key') });
    const res = await fetch(`${gw.url}/v1/responses/${created.json.id}`, { headers: { authorization: `Bearer ${token}`, 'x-api-key': 'sk-own-provider-key' } });
    assert.equal(res.status, 200);
    const call = gw.upstream.calls.at(-1)!;
    assert.equal(call.headers.authorization, 'Bearer sk-own-provider-key');
    assert.equal(call.headers['x-api-key'], undefined, 'OpenAI upstreams get the key as a bearer only');
  });
});
