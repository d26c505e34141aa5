// The request log and analytics API through HTTP, on SQLite and on PostgreSQL: each proxied call is
// one row (chat miss and hit, embeddings, a failed call), listed, filtered and summed per tenant;
// retention prunes old rows; bad parameters get the SPEC's validation error; /metrics is labelled.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_DATABASE_URL } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema, type ServiceGate } from '../helpers/test-services.js';
import { ANTHROPIC_VERSION, CLAUDE, MESSAGES, ask, startNativeGateway } from '../helpers/anthropic-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { CLEAR, inPartition, prime, send, thresholdOf } from '../semantic/semantic-kit.js';

interface Entry {
  id: string;
  tenantId: string;
  keyId: string | null;
  endpoint: string;
  provider: string;
  model: string;
  status: number;
  cacheStatus: string;
  cacheTier: string | null;
  similarity: number | null;
  latencyMs: number;
  upstreamLatencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  costSaved: number;
  coalesced: boolean;
  agentType: string | null;
  agentSessionId: string | null;
  requestId: string;
  errorType: string | null;
  requestBody?: string | null;
}

const chat = (content: string, model = 'gpt-4o-mini') => ({ model, messages: [{ role: 'user', content }] });

function describeRequestLog(backend: string, env: Record<string, string> = {}, gate: ServiceGate = {}): void {
  describe(`request log API (${backend})`, gate, () => {
    let gw: TestGateway;
    let acme: { id: string; key: string };
    let acmeAdmin: string;
    let operatorAdmin: string;

    async function getJson<T>(path: string, auth: string, status = 200): Promise<T> {
      const response = await gw.request(path, { auth });
      const text = await response.text();
      assert.equal(response.status, status, `${path}: ${text}`);
      return JSON.parse(text) as T;
    }
    const logs = (query: string, auth: string) =>
      getJson<{ data: Entry[]; pagination: { page: number; limit: number; total: number; totalPages: number } }>(`/api/v1/logs${query}`, auth);

    before(async () => {
      gw = await startTestGateway({ env: { SYNAPSE_LOG_BODIES: 'true', ...env } });
      acme = await gw.createKey({ tenant_id: 'acme', role: 'readonly' });
      acmeAdmin = (await gw.createKey({ tenant_id: 'acme', role: 'admin' })).key;
      operatorAdmin = gw.adminKey;
      const send = async (path: string, body: unknown, auth: string, headers: Record<string, string> = {}) => {
        const response = await gw.request(path, { method: 'POST', body, auth, headers });
        await response.text();
        return response.status;
      };
      assert.equal(await send('/v1/chat/completions', chat('hello log'), acme.key, { 'x-synapse-agent-session': 's-1', 'x-synapse-agent-type': 'aider' }), 200);
      assert.equal(await send('/v1/chat/completions', chat('hello log'), acme.key, { 'x-synapse-agent-session': 's-1' }), 200);
      assert.equal(await send('/v1/embeddings', { model: 'text-embedding-3-small', input: 'embed me' }, acme.key), 200);
      assert.ok((await send('/v1/chat/completions', chat('fail please', 'fake-500'), acme.key)) >= 500);
      assert.equal(await send('/v1/chat/completions', chat('operator call'), operatorAdmin), 200);
    });
    after(async () => {
      await gw.close();
    });

    test('every proxied call is one row, newest first, in the documented shape', async () => {
      const { data, pagination } = await logs('', acme.key);
      assert.deepEqual(pagination, { page: 1, limit: 50, pageSize: 50, total: 4, totalPages: 1 });
      assert.deepEqual(data.map((e) => [e.endpoint, e.model, e.cacheStatus]), [
        ['chat.completions', 'fake-500', 'MISS'],
        ['embeddings', 'text-embedding-3-small', 'SKIP'],
        ['chat.completions', 'gpt-4o-mini', 'HIT'],
        ['chat.completions', 'gpt-4o-mini', 'MISS'],
      ]);
      const [failed, embedding, hit, miss] = data as [Entry, Entry, Entry, Entry];
      assert.deepEqual([...new Set(data.map((e) => [e.tenantId, e.keyId, e.provider].join()))], [['acme', acme.id, 'default'].join()]);
      assert.equal(miss.status, 200);
      assert.equal(miss.cacheTier, null);
      assert.ok(miss.upstreamLatencyMs !== null && miss.latencyMs >= miss.upstreamLatencyMs);
      assert.ok(miss.inputTokens > 0 && miss.outputTokens > 0 && miss.cost > 0 && miss.costSaved === 0);
      assert.equal(miss.agentSessionId, 's-1');
      assert.equal(miss.agentType, 'aider');
      assert.equal(hit.cacheTier, 'exact');
      assert.equal(hit.similarity, 1);
      assert.equal(hit.upstreamLatencyMs, null);
      assert.equal(hit.cost, 0);
      assert.equal(hit.costSaved, miss.cost);
      assert.equal(hit.inputTokens, miss.inputTokens);
      assert.ok(embedding.inputTokens > 0);
      assert.equal(embedding.outputTokens, 0);
      assert.ok(failed.status >= 500);
      assert.ok(failed.errorType, 'a failed call carries its error type');
      assert.equal(miss.requestBody, undefined, 'bodies are only in the detail');
    });

    test('one entry in detail, with its (truncated) request body; other tenants get 404', async () => {
      const { data } = await logs('?tier=miss&model=gpt-4o-mini', acme.key);
      assert.equal(data.length, 1);
      const entry = await getJson<Entry & { requestBody: string; responseBody: string | null }>(`/api/v1/logs/${data[0]!.id}`, acme.key);
      assert.equal(entry.id, data[0]!.id);
      assert.deepEqual(JSON.parse(entry.requestBody), chat('hello log'));
      assert.ok(!entry.requestBody.includes(acme.key));
      const other = await gw.createKey({ tenant_id: 'other', role: 'readonly' });
      const error = await getJson<{ error: { code: string } }>(`/api/v1/logs/${data[0]!.id}`, other.key, 404);
      assert.equal(error.error.code, 'request_log_not_found');
      await getJson(`/api/v1/logs/${data[0]!.id}`, operatorAdmin);
    });

    test('filters: tier, status, search, key, session, paging', async () => {
      assert.equal((await logs('?tier=hit', acme.key)).data.length, 1);
      assert.equal((await logs('?tier=exact', acme.key)).data.length, 1);
      assert.equal((await logs('?tier=semantic', acme.key)).data.length, 0);
      assert.equal((await logs('?tier=skip', acme.key)).data.length, 1);
      assert.equal((await logs('?status=error', acme.key)).data.length, 1);
      assert.equal((await logs('?status=200', acme.key)).data.length, 3);
      assert.equal((await logs('?search=FAKE-5', acme.key)).data.length, 1);
      assert.equal((await logs(`?key=${acme.id}`, acme.key)).data.length, 4);
      assert.equal((await logs('?session=s-1', acme.key)).data.length, 2);
      const page = await logs('?limit=3&page=2', acme.key);
      assert.deepEqual(page.pagination, { page: 2, limit: 3, pageSize: 3, total: 4, totalPages: 2 });
      assert.equal(page.data.length, 1);
      const future = new Date(Date.now() + 86_400_000).toISOString();
      assert.equal((await logs(`?startDate=${future}`, acme.key)).data.length, 0);
    });

    test('tenant isolation: own tenant only; operator admins see any or all', async () => {
      assert.equal((await logs('', operatorAdmin)).pagination.total, 5);
      assert.equal((await logs('?tenant_id=acme', operatorAdmin)).pagination.total, 4);
      assert.equal((await logs('?tenant_id=default', operatorAdmin)).pagination.total, 1);
      const forbidden = await getJson<{ error: { code: string } }>('/api/v1/logs?tenant_id=default', acmeAdmin, 403);
      assert.equal(forbidden.error.code, 'tenant_forbidden');
    });

    test('savings: periods and summary add up the log', async () => {
      const { data: rows } = await logs('', acme.key);
      const savings = await getJson<{
        data: Array<Record<string, number | string>>;
        summary: Record<string, number>;
        metadata: Record<string, unknown>;
      }>('/api/v1/analytics/savings?granularity=hour', acme.key);
      const hits = rows.filter((r) => r.cacheStatus === 'HIT');
      const expected = {
        totalRequests: 4,
        cacheHits: 1,
        cacheMisses: 3,
        hitRate: 0.25,
        tokensSaved: hits.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0),
        estimatedSavings: Number(rows.reduce((n, r) => n + r.costSaved, 0).toFixed(9)),
        actualCost: Number(rows.reduce((n, r) => n + r.cost, 0).toFixed(9)),
      };
      assert.deepEqual(savings.summary, expected);
      const periodSum = savings.data.reduce((n, p) => n + Number(p.totalRequests), 0);
      assert.equal(periodSum, 4);
      assert.match(String(savings.data[0]!.period), /T\d\d:00:00\.000Z$/);
      assert.equal(savings.metadata.granularity, 'hour');
      assert.equal(savings.metadata.tenantId, 'acme');
      for (const granularity of ['day', 'week', 'month']) {
        const rolled = await getJson<{ summary: Record<string, number>; data: unknown[] }>(
          `/api/v1/analytics/savings?granularity=${granularity}`, acme.key,
        );
        assert.deepEqual(rolled.summary, expected, granularity);
      }
      const model = await getJson<{ summary: { totalRequests: number } }>('/api/v1/analytics/savings?model=gpt-4o-mini', acme.key);
      assert.equal(model.summary.totalRequests, 2);
    });

    test('latency percentiles of hits against misses, failures left out', async () => {
      const latency = await getJson<{ hits: Record<string, number | null>; misses: Record<string, number | null> }>(
        '/api/v1/analytics/latency', acme.key,
      );
      assert.equal(latency.hits.count, 1);
      assert.equal(latency.misses.count, 2);
      assert.ok(latency.hits.p50! <= latency.hits.p99!);
      assert.ok(latency.misses.p50! <= latency.misses.p95! && latency.misses.p95! <= latency.misses.p99!);
    });

    test('breakdown by model, key and agent session', async () => {
      type Breakdown = { by: string; data: Array<{ value: string | null; totalRequests: number; cacheHits: number; agentType: string | null }> };
      const byModel = await getJson<Breakdown>('/api/v1/analytics/breakdown?by=model', acme.key);
      assert.deepEqual(byModel.data[0], { ...byModel.data[0], value: 'gpt-4o-mini', totalRequests: 2, cacheHits: 1 });
      assert.equal(byModel.data.length, 3);
      const byKey = await getJson<Breakdown>('/api/v1/analytics/breakdown?by=key', acme.key);
      assert.deepEqual(byKey.data.map((d) => [d.value, d.totalRequests]), [[acme.id, 4]]);
      const bySession = await getJson<Breakdown>('/api/v1/analytics/breakdown?by=session', acme.key);
      const session = bySession.data.find((d) => d.value === 's-1')!;
      assert.equal(session.totalRequests, 2);
      assert.equal(session.agentType, 'aider');
    });

    test('bad parameters get 400 validation_error', async () => {
      for (const path of [
        '/api/v1/logs?tier=warm',
        '/api/v1/logs?status=teapot',
        '/api/v1/logs?limit=0',
        '/api/v1/logs?startDate=yesterday',
        '/api/v1/logs?startDate=2026-02-10&endDate=2026-02-01',
        '/api/v1/analytics/savings?granularity=year',
        '/api/v1/analytics/savings?endDate=2026-13-45',
        '/api/v1/analytics/breakdown',
        '/api/v1/analytics/breakdown?by=colour',
        '/api/v1/analytics/latency?startDate=2026-02-10T25:00:00Z',
      ]) {
        const body = await getJson<{ error: { type: string; code: string } }>(path, acme.key, 400);
        assert.equal(body.error.type, 'validation_error', path);
      }
    });

    test('retention: rows older than the retention are pruned, newer ones kept', async () => {
      const { requestLog } = gw.gateway.deps.storage;
      const old = Date.now() - 31 * 86_400_000;
      const base = (await logs('?limit=1', acme.key)).data[0]!;
      const row = {
        ...base, timestamp: old, tenantId: 'acme', requestBody: null, responseBody: null, cacheTier: null,
        cacheStatus: 'MISS' as const, errorType: null,
      };
      const batch = requestLog.newBatch();
      batch.add({ ...row, id: 'old-1' });
      batch.add({ ...row, id: 'old-2' });
      await requestLog.append(batch);
      assert.equal((await logs('', acme.key)).pagination.total, 6);
      const pruned = await gw.gateway.deps.callLog.writer.prune();
      assert.equal(pruned, 2);
      assert.equal((await logs('', acme.key)).pagination.total, 4);
    });

    test('/metrics: proxied calls, tokens and latency by endpoint, provider, model and cache outcome', async () => {
      const text = await (await gw.request('/metrics', { auth: operatorAdmin })).text();
      const line = (name: string, labels: string) =>
        text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      assert.ok(line('synapse_proxy_requests_total', 'endpoint="chat.completions",provider="default",model="gpt-4o-mini",cache="hit_exact"'));
      assert.ok(line('synapse_proxy_requests_total', 'model="other",cache="error"'), 'an unpriced model folds into other');
      assert.ok(line('synapse_proxy_tokens_total', 'model="text-embedding-3-small",cache="skip",direction="input"'));
      assert.ok(line('synapse_proxy_request_duration_seconds_bucket', 'cache="miss"'));
      assert.ok(!text.includes('model="fake-500"'));
    });
  });
}

const schema = testSchema('requestlog');

describeRequestLog('sqlite');
describeRequestLog('postgres', { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema }, await needPostgres());

describe('request log: two instances on one PostgreSQL database share the table', await needPostgres(), () => {
  const shared = { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: testSchema('requestlog2') };
  let a: TestGateway;
  let b: TestGateway;
  before(async () => {
    a = await startTestGateway({ env: shared });
    b = await startTestGateway({ env: shared, upstream: a.upstream });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  test('calls through either instance are listed by both', async () => {
    for (const [gw, content] of [[a, 'through a'], [b, 'through b'], [a, 'through a']] as const) {
      const response = await gw.request('/v1/chat/completions', { method: 'POST', body: chat(content), auth: gw.adminKey });
      assert.equal(response.status, 200, await response.text());
    }
    await b.gateway.deps.callLog.writer.flush(); // otherwise within a second
    for (const gw of [a, b]) {
      const response = await gw.request('/api/v1/logs?tenant_id=default', { auth: gw.adminKey });
      const { data } = (await response.json()) as { data: Entry[] };
      assert.equal(data.length, 3);
      assert.equal(new Set(data.map((e) => e.id)).size, 3);
      assert.deepEqual(data.map((e) => e.cacheStatus).sort(), ['HIT', 'MISS', 'MISS']);
    }
  });
});

describe('request log: every API, streamed or not', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startNativeGateway();
  });
  after(async () => {
    await gw?.close();
  });

  test('chat streamed, legacy completions, Messages (Claude Code session) and Responses are one row each', async () => {
    const calls: Array<[string, unknown, Record<string, string>]> = [
      ['/v1/chat/completions', { ...chat('streamed please'), stream: true }, {}],
      ['/v1/completions', { model: 'gpt-4o-mini', prompt: 'legacy please' }, {}],
      [MESSAGES, ask('messages please'), { 'anthropic-version': ANTHROPIC_VERSION, 'x-claude-code-session-id': 'cc-log-1' }],
      ['/v1/responses', { model: 'gpt-4o-mini', input: 'responses please' }, {}],
    ];
    for (const [path, body, headers] of calls) {
      const response = await gw.request(path, { method: 'POST', body, headers });
      assert.equal(response.status, 200, `${path}: ${await response.text()}`);
    }
    const deadline = Date.now() + 5_000;
    let data: Entry[] = [];
    while (Date.now() < deadline) {
      data = ((await (await gw.request('/api/v1/logs')).json()) as { data: Entry[] }).data;
      if (data.length >= 4) break; // a stream's row follows the end of its response
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const byEndpoint = new Map(data.map((e) => [e.endpoint, e]));
    assert.deepEqual([...byEndpoint.keys()].sort(), ['chat.completions', 'completions', 'messages', 'responses']);
    for (const entry of data) {
      assert.equal(entry.status, 200, entry.endpoint);
      assert.equal(entry.cacheStatus, 'MISS', entry.endpoint);
      assert.ok(entry.outputTokens > 0, `${entry.endpoint} has its answer's tokens`);
    }
    assert.equal(byEndpoint.get('messages')!.agentType, 'claude-code');
    assert.equal(byEndpoint.get('messages')!.agentSessionId, 'cc-log-1');
    assert.equal(byEndpoint.get('messages')!.model, CLAUDE);
  });

  test('a semantic hit is logged with its tier and similarity', async () => {
    const threshold = await thresholdOf(gw, ADMIN_KEY);
    await prime(gw, ADMIN_KEY, inPartition('log', CLEAR.cached));
    const hit = await send(gw, ADMIN_KEY, inPartition('log', CLEAR.query));
    assert.equal(hit.cache, 'HIT');
    const { data } = (await (await gw.request('/api/v1/logs?tier=semantic')).json()) as { data: Entry[] };
    assert.equal(data.length, 1);
    assert.equal(data[0]!.cacheTier, 'semantic');
    assert.ok(data[0]!.similarity! >= threshold, `similarity ${data[0]!.similarity}`);
    assert.equal(data[0]!.similarity, hit.similarity, 'the similarity the client was told');
  });

  test('two identical misses at once: one upstream call, the other row is coalesced', async () => {
    const body = chat('coalesce me', 'fake-slow');
    const statuses = await Promise.all([0, 1].map(async () => {
      const response = await gw.request('/v1/chat/completions', { method: 'POST', body });
      await response.text();
      return response.status;
    }));
    assert.deepEqual(statuses, [200, 200]);
    const { data } = (await (await gw.request('/api/v1/logs?model=fake-slow')).json()) as { data: Entry[] };
    assert.deepEqual(data.map((e) => e.coalesced).sort(), [false, true]);
    const shared = data.find((e) => e.coalesced)!;
    assert.equal(shared.upstreamLatencyMs, null);
    assert.equal(shared.cacheStatus, 'MISS');
    assert.ok(data.find((e) => !e.coalesced)!.upstreamLatencyMs! > 0);
  });
});
