// The proxy's WorldFlow-compatible wire (docs/api.md, "Differences from WorldFlow"), through the
// official openai and @anthropic-ai/sdk clients and plain fetch against the fake upstream: latency
// in whole milliseconds, synapse_metadata.source l1|l2|provider|bypass, x-synapse-cache-tier and
// X-Cache-Similarity, the workspace and code context in the cache partition, and
// x-synapse-preview-cache answering the cache's prediction without calling the upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { anthropicFor, ask as askClaude, startNativeGateway, uniq as uniqClaude } from '../helpers/anthropic-test-kit.js';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { ask, clientFor, uniq, type Json } from '../helpers/proxy-test-kit.js';
import { NEAR, inPartition } from '../semantic/semantic-kit.js';

const WHOLE_MS = /^\d+$/;
const PREVIEW = { 'x-synapse-preview-cache': 'true' };

interface Sent {
  status: number;
  headers: Headers;
  json: Json;
  upstreamCalls: number;
}

async function send(gw: TestGateway, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Sent> {
  const before = gw.upstream.calls.length;
  const res = await gw.request(path, { ...init, auth: ADMIN_KEY });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text.startsWith('{') ? (JSON.parse(text) as Json) : {}, upstreamCalls: gw.upstream.calls.length - before };
}

const sendChat = (gw: TestGateway, body: Json, headers: Record<string, string> = {}) => send(gw, '/v1/chat/completions', { body, headers });

describe('WorldFlow-compatible proxy wire (OpenAI routes)', () => {
  let gw: TestGateway;
  let client: OpenAI;
  before(async () => {
    gw = await startTestGateway();
    client = clientFor(gw, ADMIN_KEY);
  });
  after(() => gw.close());

  test('latency is whole milliseconds in x-synapse-latency-ms and synapse_metadata.latency_ms; source is provider then l1', async () => {
    const body = ask(uniq('latency'));
    const miss = await client.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming).withResponse();
    const hit = await client.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming).withResponse();
    for (const [name, sent, source] of [['miss', miss, 'provider'], ['hit', hit, 'l1']] as const) {
      const header = sent.response.headers.get('x-synapse-latency-ms');
      assert.match(header ?? '', WHOLE_MS, `${name}: x-synapse-latency-ms ${header}`);
      const metadata = (sent.data as unknown as Json).synapse_metadata as Json;
      assert.ok(Number.isInteger(metadata.latency_ms), `${name}: latency_ms ${metadata.latency_ms}`);
      assert.equal(metadata.source, source, name);
    }
  });

  test('tier and similarity headers: NONE on a miss, L1 with 1.0000 on an exact hit, plain HIT status', async () => {
    const body = ask(uniq('tier'));
    const miss = await sendChat(gw, body);
    assert.equal(miss.headers.get('x-synapse-cache-tier'), 'NONE');
    assert.equal(miss.headers.get('x-cache-similarity'), null);
    const hit = await sendChat(gw, body);
    assert.equal(hit.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(hit.headers.get('x-synapse-cache-tier'), 'L1');
    assert.equal(hit.headers.get('x-cache-similarity'), '1.0000');
    assert.equal(hit.headers.get('x-synapse-similarity'), '1.0000');
    assert.equal(hit.upstreamCalls, 0);
  });

  test('a semantic hit is tier L2, source l2, its similarity with 4 decimals in both headers', async () => {
    const partition = uniq('wf-l2');
    assert.equal((await sendChat(gw, inPartition(partition, NEAR.cached))).headers.get('x-synapse-cache-status'), 'MISS');
    // The entry is indexed for meaning just after the miss is answered; the preview tells when, and predicts L2.
    await eventually('the paraphrase is predicted as an L2 hit', 5_000, async () => (await sendChat(gw, inPartition(partition, NEAR.query), PREVIEW)).json.tier === 'L2');
    const hit = await sendChat(gw, inPartition(partition, NEAR.query));
    assert.equal(hit.upstreamCalls, 0);
    assert.equal(hit.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(hit.headers.get('x-synapse-cache-tier'), 'L2');
    const similarity = hit.headers.get('x-cache-similarity')!;
    assert.match(similarity, /^0\.\d{4}$/);
    assert.equal(hit.headers.get('x-synapse-similarity'), similarity);
    assert.equal(hit.json.synapse_metadata.source, 'l2');
    assert.equal(hit.json.synapse_metadata.similarity, Number(similarity));
  });

  test('skip-cache: status SKIP, source bypass; passthrough: BYPASS, source bypass', async () => {
    const body = ask(uniq('skip'));
    const skipped = await client.chat.completions
      .create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { headers: { 'x-synapse-skip-cache': 'true' } })
      .withResponse();
    assert.equal(skipped.response.headers.get('x-synapse-cache-status'), 'SKIP');
    assert.equal(skipped.response.headers.get('x-synapse-cache-tier'), 'NONE');
    assert.equal((skipped.data as unknown as Json).synapse_metadata.source, 'bypass');
    const passed = await sendChat(gw, body, { 'x-synapse-passthrough': 'true' });
    assert.equal(passed.headers.get('x-synapse-cache-status'), 'BYPASS');
    assert.equal(passed.json.synapse_metadata.source, 'bypass');
  });

  test('embeddings and models carry the cache headers: SKIP, tier NONE, whole-millisecond latency', async () => {
    const embedded = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' }).withResponse();
    const models = await client.models.list().withResponse();
    const model = await send(gw, '/v1/models/gpt-4o');
    for (const [name, headers] of [['embeddings', embedded.response.headers], ['models', models.response.headers], ['model', model.headers]] as const) {
      assert.equal(headers.get('x-synapse-cache-status'), 'SKIP', name);
      assert.equal(headers.get('x-cache-status'), 'MISS', name);
      assert.equal(headers.get('x-synapse-cache-tier'), 'NONE', name);
      assert.match(headers.get('x-synapse-latency-ms') ?? '', WHOLE_MS, name);
    }
  });

  test('the workspace context is part of the cache key: another commit misses, the same one in other formatting hits', async () => {
    const body = ask(uniq('workspace'));
    const at = (context: string) => sendChat(gw, body, { 'x-synapse-workspace-context': context });
    const first = await at('commit:aaaa111,dirty:0,files_hash:ab12,root:/repo');
    assert.equal(first.headers.get('x-synapse-cache-status'), 'MISS');
    const moved = await at('commit:bbbb222,dirty:5,files_hash:ab12,root:/repo');
    assert.equal(moved.headers.get('x-synapse-cache-status'), 'MISS', 'another workspace state is never a HIT');
    assert.equal(moved.upstreamCalls, 1);
    const reformatted = await at(' root:/repo , FILES_HASH:AB12,Commit:AAAA111 ,dirty:0');
    assert.equal(reformatted.headers.get('x-synapse-cache-status'), 'HIT', 'spacing, order and case of keys and hashes do not matter');
    assert.equal(reformatted.json.choices[0].message.content, first.json.choices[0].message.content);
    const otherRoot = await at('commit:aaaa111,dirty:0,files_hash:ab12,root:/Repo');
    assert.equal(otherRoot.headers.get('x-synapse-cache-status'), 'MISS', 'paths keep their case');
    const none = await sendChat(gw, body);
    assert.equal(none.headers.get('x-synapse-cache-status'), 'MISS', 'a request without a context is in a partition of its own');
  });

  test('the code context is part of the cache key, compared as JSON; a paraphrase is never served across workspaces', async () => {
    const body = ask(uniq('code context'));
    const withCode = (code: string) => sendChat(gw, body, { 'x-synapse-code-context': code });
    assert.equal((await withCode('{"git_commit":"ABC123","mentioned_files_mtime":{"a.ts":1,"b.ts":2}}')).headers.get('x-synapse-cache-status'), 'MISS');
    const same = await withCode('{ "mentioned_files_mtime": {"b.ts": 2, "a.ts": 1}, "git_commit": "abc123" }');
    assert.equal(same.headers.get('x-synapse-cache-status'), 'HIT');
    const touched = await withCode('{"git_commit":"abc123","mentioned_files_mtime":{"a.ts":1,"b.ts":3}}');
    assert.equal(touched.headers.get('x-synapse-cache-status'), 'MISS', 'a file changed since');

    const partition = uniq('wf-scope');
    const workspace = { 'x-synapse-workspace-context': 'commit:1111aaa' };
    assert.equal((await sendChat(gw, inPartition(partition, NEAR.cached), workspace)).headers.get('x-synapse-cache-status'), 'MISS');
    await eventually('the paraphrase hits in its own workspace', 5_000, async () => (await sendChat(gw, inPartition(partition, NEAR.query), { ...workspace, ...PREVIEW })).json.tier === 'L2');
    const elsewhere = await sendChat(gw, inPartition(partition, NEAR.query), { 'x-synapse-workspace-context': 'commit:2222bbb', 'cache-control': 'no-store' });
    assert.equal(elsewhere.headers.get('x-synapse-cache-status'), 'MISS', 'the semantic tier is partitioned by workspace too');
    assert.equal(elsewhere.upstreamCalls, 1);
  });

  test('unreadable or oversized contexts are refused with 400 before the upstream', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ 'x-synapse-code-context': 'not json' }, /x-synapse-code-context must be a JSON object/],
      [{ 'x-synapse-code-context': '[1,2]' }, /x-synapse-code-context must be a JSON object/],
      [{ 'x-synapse-workspace-context': 'commit' }, /x-synapse-workspace-context must be comma-separated key:value pairs/],
      [{ 'x-synapse-workspace-context': `root:${'x'.repeat(9000)}` }, /x-synapse-workspace-context/],
    ];
    for (const [headers, message] of cases) {
      const sent = await sendChat(gw, ask(uniq('bad context')), headers);
      assert.equal(sent.status, 400, JSON.stringify(headers).slice(0, 80));
      assert.match(sent.json.error.message, message);
      assert.equal(sent.upstreamCalls, 0);
    }
  });

  test('x-synapse-preview-cache: a miss is predicted without calling the upstream or storing anything', async () => {
    const body = ask(uniq('preview miss'));
    const before = gw.upstream.calls.length;
    const predicted = await client.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { headers: PREVIEW }).withResponse();
    const preview = predicted.data as unknown as Json;
    assert.equal(gw.upstream.calls.length, before, 'a preview never calls the upstream');
    assert.equal(preview.preview, true);
    assert.equal(preview.cacheable, true);
    assert.equal(preview.action, 'miss');
    assert.equal(preview.tier, 'NONE');
    assert.equal(preview.estimatedLatencyMs, null);
    assert.equal(typeof preview.threshold, 'number');
    assert.equal(predicted.response.headers.get('x-synapse-cache-tier'), 'NONE');
    assert.equal(predicted.response.headers.get('x-synapse-cache-status'), null, 'nothing was served');
    const real = await sendChat(gw, body);
    assert.equal(real.headers.get('x-synapse-cache-status'), 'MISS', 'the preview stored nothing');
    assert.equal(real.upstreamCalls, 1);
  });

  test('x-synapse-preview-cache: an exact hit is predicted as L1 with its entry, latency estimate and similarity', async () => {
    const body = ask(uniq('preview hit'));
    await sendChat(gw, body);
    const predicted = await sendChat(gw, { ...body, stream: true }, PREVIEW);
    assert.equal(predicted.upstreamCalls, 0);
    assert.equal(predicted.status, 200);
    assert.equal(predicted.json.action, 'hit');
    assert.equal(predicted.json.tier, 'L1');
    assert.equal(predicted.json.source, 'exact');
    assert.equal(predicted.json.similarity, 1);
    assert.equal(typeof predicted.json.entryId, 'string');
    assert.ok(Number.isInteger(predicted.json.estimatedLatencyMs));
    assert.equal(predicted.headers.get('x-synapse-cache-tier'), 'L1');
    assert.equal(predicted.headers.get('x-cache-similarity'), '1.0000');
    // The same prediction as the admin preview, one implementation.
    const admin = await send(gw, '/api/v1/cache/preview', { body });
    assert.equal(admin.json.entryId, predicted.json.entryId);
    // Scoped by the workspace like the lookup it predicts.
    const elsewhere = await sendChat(gw, body, { ...PREVIEW, 'x-synapse-workspace-context': 'commit:cafe123' });
    assert.equal(elsewhere.json.action, 'miss');
  });

  test('x-synapse-preview-cache: skip-cache and routes the cache does not serve say why, with zero upstream calls', async () => {
    const skipped = await sendChat(gw, ask(uniq('preview skip')), { ...PREVIEW, 'x-synapse-skip-cache': 'true' });
    assert.equal(skipped.json.cacheable, false);
    assert.match(skipped.json.notCachedBecause, /skip the lookup/);
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hello' }],
      ['GET', '/v1/models'],
      ['GET', '/v1/models/gpt-4o'],
      ['GET', '/v1/responses/resp_123'],
      ['DELETE', '/v1/responses/resp_123'],
      ['POST', '/v1/responses', { model: 'gpt-4o', input: uniq('preview responses') }],
      ['POST', '/v1/completions', { model: 'gpt-4o', prompt: uniq('preview completions') }],
    ];
    for (const [method, path, body] of routes) {
      const sent = await send(gw, path, { method, ...(body ? { body } : {}), headers: PREVIEW });
      assert.equal(sent.status, 200, `${method} ${path}: ${JSON.stringify(sent.json)}`);
      assert.equal(sent.json.preview, true, `${method} ${path}`);
      assert.equal(sent.json.action, 'miss', `${method} ${path}`);
      assert.equal(sent.upstreamCalls, 0, `${method} ${path} never reaches the upstream`);
    }
  });
});

describe('WorldFlow-compatible proxy wire (Anthropic Messages, native upstream)', () => {
  let gw: TestGateway;
  let anthropic: Anthropic;
  before(async () => {
    gw = await startNativeGateway();
    anthropic = anthropicFor(gw);
  });
  after(() => gw.close());

  test('Messages answers carry the tier, similarity and whole-millisecond latency; the workspace scopes the cache', async () => {
    const body = askClaude(uniqClaude('claude tier')) as Anthropic.MessageCreateParamsNonStreaming;
    const workspace = { headers: { 'x-synapse-workspace-context': 'commit:aaaa111,dirty:0' } };
    const miss = await anthropic.messages.create(body, workspace).withResponse();
    assert.equal(miss.response.headers.get('x-synapse-cache-tier'), 'NONE');
    assert.match(miss.response.headers.get('x-synapse-latency-ms') ?? '', WHOLE_MS);
    const hit = await anthropic.messages.create(body, { headers: { 'x-synapse-workspace-context': 'dirty:0, commit:AAAA111' } }).withResponse();
    assert.equal(hit.response.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(hit.response.headers.get('x-synapse-cache-tier'), 'L1');
    assert.equal(hit.response.headers.get('x-cache-similarity'), '1.0000');
    assert.deepEqual(hit.data.content, miss.data.content);
    const moved = await anthropic.messages.create(body, { headers: { 'x-synapse-workspace-context': 'commit:bbbb222,dirty:3' } }).withResponse();
    assert.equal(moved.response.headers.get('x-synapse-cache-status'), 'MISS');
  });

  test('x-synapse-preview-cache on /v1/messages and count_tokens never reaches the upstream', async () => {
    const body = askClaude(uniqClaude('claude preview'));
    const before = gw.upstream.calls.length;
    const predicted = await send(gw, '/v1/messages', { body, headers: { ...PREVIEW, 'anthropic-version': '2023-06-01' } });
    assert.equal(predicted.status, 200);
    assert.equal(predicted.json.action, 'miss');
    assert.equal(predicted.json.cacheable, true);
    const counted = await send(gw, '/v1/messages/count_tokens', { body: { model: body.model, messages: body.messages }, headers: PREVIEW });
    assert.equal(counted.json.cacheable, false);
    assert.equal(gw.upstream.calls.length, before);
    // Nothing was stored: the real call is a miss.
    const real = await anthropic.messages.create(body as Anthropic.MessageCreateParamsNonStreaming).withResponse();
    assert.equal(real.response.headers.get('x-synapse-cache-status'), 'MISS');
  });
});
