// The admin routes a WorldFlow-written client calls, through HTTP: thresholds in WorldFlow's names,
// rate limits as TenantTier lists with the per-tenant path, tiers and reset, a stored query/response
// pair that the official OpenAI client then gets as a cache hit, the playground preview, gateway
// and coalescer stats, the log list's WorldFlow parameters, and the viewer/operator role aliases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { TEST_DATABASE_URL } from '../helpers/postgres-test-database.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { needPostgres, testSchema, type ServiceGate } from '../helpers/test-services.js';

function describeWorldflowAdmin(backend: string, env: Record<string, string> = {}, gate: ServiceGate = {}): void {
  describe(`WorldFlow admin routes (${backend})`, gate, () => {
    let gw: TestGateway;
    let acmeAdmin: string;

    async function call(path: string, init: { method?: string; body?: unknown; auth?: string } = {}): Promise<{ status: number; json: any }> {
      const response = await gw.request(path, { ...init, auth: init.auth ?? gw.adminKey });
      return { status: response.status, json: await response.json() };
    }

    before(async () => {
      gw = await startTestGateway({ env });
      acmeAdmin = (await gw.createKey({ role: 'admin', name: 'acme-admin', tenant_id: 'acme' })).key;
    });
    after(async () => gw?.close());

    describe('thresholds in WorldFlow names', () => {
      test('any subset of cacheHitThreshold, partialHitThreshold, l1TtlSecs, l2TtlSecs is accepted and returned; ttlSecs is l1TtlSecs', async () => {
        const initial = await call('/api/v1/thresholds');
        assert.equal(initial.status, 200);
        for (const field of ['cacheHitThreshold', 'partialHitThreshold', 'l1TtlSecs', 'l2TtlSecs', 'ttlSecs']) assert.equal(typeof initial.json[field], 'number', field);
        assert.equal(initial.json.l2TtlSecs, initial.json.l1TtlSecs, 'l2 follows the entry TTL unless set');

        const wf = await call('/api/v1/thresholds/tenants/acme', { method: 'PUT', body: { cacheHitThreshold: 0.9, partialHitThreshold: 0.7, l1TtlSecs: 7200, l2TtlSecs: 600 } });
        assert.equal(wf.status, 200, JSON.stringify(wf.json));
        assert.deepEqual(
          { c: wf.json.cacheHitThreshold, p: wf.json.partialHitThreshold, l1: wf.json.l1TtlSecs, l2: wf.json.l2TtlSecs, ttl: wf.json.ttlSecs },
          { c: 0.9, p: 0.7, l1: 7200, l2: 600, ttl: 7200 },
        );
        assert.deepEqual(wf.json.overrides, { cacheHitThreshold: 0.9, partialHitThreshold: 0.7, l1TtlSecs: 7200, ttlSecs: 7200, l2TtlSecs: 600 });

        const alias = await call('/api/v1/thresholds/tenants/acme', { method: 'PUT', body: { ttlSecs: 60 } });
        assert.equal(alias.json.l1TtlSecs, 60);
        const both = await call('/api/v1/thresholds/tenants/acme', { method: 'PUT', body: { ttlSecs: 60, l1TtlSecs: 61 } });
        assert.equal(both.status, 400);
        assert.match(both.json.error.message, /l1TtlSecs and ttlSecs/);
        assert.equal((await call('/api/v1/thresholds/tenants/acme', { method: 'PUT', body: { partialHitThreshold: 1.5 } })).status, 400);
        assert.equal((await call('/api/v1/thresholds/tenants/acme', { method: 'PUT', body: { l2TtlSecs: 0 } })).status, 400);
      });

      test('the overrides are listed (paged, own tenant for a tenant admin) and removed with DELETE', async () => {
        await call('/api/v1/thresholds/tenants/beta', { method: 'PUT', body: { cacheHitThreshold: 0.99 } });
        const listed = await call('/api/v1/thresholds/tenants?pageSize=1');
        assert.equal(listed.status, 200);
        assert.equal(listed.json.total, 2);
        assert.deepEqual(listed.json.tenants.map((t: { tenantId: string }) => t.tenantId), ['acme']);
        const second = await call('/api/v1/thresholds/tenants?pageSize=1&page=2');
        assert.deepEqual(second.json.tenants.map((t: { tenantId: string }) => t.tenantId), ['beta']);
        const own = await call('/api/v1/thresholds/tenants', { auth: acmeAdmin });
        assert.deepEqual(own.json.tenants.map((t: { tenantId: string }) => t.tenantId), ['acme']);
        assert.equal((await call('/api/v1/thresholds/tenants?tenantId=beta', { auth: acmeAdmin })).status, 403);

        const removed = await call('/api/v1/thresholds/tenants/beta', { method: 'DELETE' });
        assert.equal(removed.status, 200, JSON.stringify(removed.json));
        assert.deepEqual({ status: removed.status, deleted: removed.json.deleted, tenantId: removed.json.tenantId }, { status: 200, deleted: true, tenantId: 'beta' });
        const beta = await call('/api/v1/thresholds/tenants/beta');
        assert.deepEqual(beta.json.overrides, {});
        assert.equal(beta.json.cacheHitThreshold, (await call('/api/v1/thresholds')).json.cacheHitThreshold);
        assert.equal((await call('/api/v1/thresholds/tenants/beta', { method: 'DELETE' })).json.deleted, false);
        assert.equal((await call('/api/v1/thresholds/tenants/beta', { method: 'DELETE', auth: acmeAdmin })).status, 403);
        assert.equal((await call('/api/v1/thresholds/tenants/acme', { method: 'DELETE', auth: acmeAdmin })).json.deleted, true);
      });
    });

    describe('rate limits as WorldFlow lists them', () => {
      test('GET /api/v1/rate-limits lists the assigned tenants as TenantTier, with the caller\'s own tier as before', async () => {
        assert.equal((await call('/api/v1/rate-limits/acme', { method: 'PUT', body: { tier: 'pro' } })).status, 200);
        const list = await call('/api/v1/rate-limits');
        assert.equal(list.status, 200);
        const acme = list.json.assignments.find((a: { tenantId: string }) => a.tenantId === 'acme');
        assert.equal(list.json.total, list.json.assignments.length);
        assert.equal(acme.tier, 'pro');
        assert.equal(acme.explicit, true);
        const { rps, rpm, tpm, rpd, burstMultiplier, proxy } = acme.limits;
        assert.deepEqual({ rpm, rpd, tpm, burstMultiplier }, { rpm: rps * 60, rpd: rps * 86_400, tpm: null, burstMultiplier: 1 });
        assert.deepEqual(proxy, { limit: rps, windowSecs: 1 });
        assert.equal(typeof list.json.tier, 'string', "the caller's own tier stays at the top level");
        assert.ok(list.json.tiers.enterprise.proxy.limit > 0);

        const own = await call('/api/v1/rate-limits', { auth: acmeAdmin });
        assert.deepEqual(own.json.assignments.map((a: { tenantId: string }) => a.tenantId), ['acme']);
        assert.equal(own.json.tenantId, 'acme');
        assert.equal((await call('/api/v1/rate-limits/other', { auth: acmeAdmin })).status, 403);
      });

      test('per tenant: GET and DELETE on WorldFlow\'s path and the alias; tiers list the presets', async () => {
        const read = await call('/api/v1/rate-limits/acme');
        const alias = await call('/api/v1/rate-limits/tenants/acme');
        assert.deepEqual(read.json, alias.json);
        assert.equal(read.json.tier, 'pro');

        const tiers = await call('/api/v1/rate-limits/tiers');
        assert.equal(tiers.status, 200);
        assert.deepEqual(tiers.json.tiers.map((t: { name: string }) => t.name), ['starter', 'pro', 'enterprise']);
        assert.equal(tiers.json.defaultTier, 'starter');
        assert.deepEqual(tiers.json.tiers[1].limits, read.json.limits);

        const reset = await call('/api/v1/rate-limits/acme', { method: 'DELETE' });
        assert.equal(reset.status, 200, JSON.stringify(reset.json));
        assert.deepEqual({ success: reset.json.success, tier: reset.json.tier, explicit: reset.json.explicit }, { success: true, tier: 'starter', explicit: false });
        assert.equal((await call('/api/v1/rate-limits')).json.assignments.some((a: { tenantId: string }) => a.tenantId === 'acme'), false);
        const again = await call('/api/v1/rate-limits/tenants/acme', { method: 'DELETE' });
        assert.equal(again.status, 200);
        assert.match(again.json.message, /already/);
      });
    });

    describe('a stored query/response pair and the playground preview', () => {
      const model = 'gpt-4o-mini';
      const query = 'What is the capital of the worldflow test country?';

      test('POST /api/v1/cache stores the pair: the preview predicts L1, and the OpenAI client gets it as a HIT', async () => {
        const before = await call('/api/v1/playground/preview', { method: 'POST', body: { query, model } });
        assert.equal(before.status, 200, JSON.stringify(before.json));
        assert.deepEqual({ hit: before.json.cacheHit, tier: before.json.tier }, { hit: false, tier: 'NONE' });

        const stored = await call('/api/v1/cache', { method: 'POST', body: { query, response: 'Stored answer 42.', model, metadata: { source: 'test' } } });
        assert.equal(stored.status, 200, JSON.stringify(stored.json));
        assert.equal(stored.json.success, true);
        assert.ok(Number.isSafeInteger(stored.json.cache_key) && stored.json.cache_key >= 0);
        assert.match(stored.json.entryId, /^ce_/);

        const preview = await call('/api/v1/playground/preview', { method: 'POST', body: { query, model } });
        assert.deepEqual({ hit: preview.json.cacheHit, tier: preview.json.tier, similarity: preview.json.similarity }, { hit: true, tier: 'L1', similarity: 1 });
        assert.equal(preview.json.preview.entryId, stored.json.entryId);
        const ours = await call('/api/v1/cache/preview', { method: 'POST', body: { model, messages: [{ role: 'user', content: query }] } });
        assert.deepEqual(ours.json, preview.json.preview, 'one preview behind both routes');

        const calls = gw.upstream.calls.length;
        const client = new OpenAI({ apiKey: gw.adminKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
        const { data, response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: query }] }).withResponse();
        assert.equal(response.headers.get('x-synapse-cache-status'), 'HIT');
        assert.equal(data.choices[0]!.message.content, 'Stored answer 42.');
        assert.equal(gw.upstream.calls.length, calls, 'no upstream call');

        const again = await call('/api/v1/cache', { method: 'POST', body: { query, response: 'Replaced.', model } });
        assert.equal(again.status, 200);
        assert.equal((await call(`/api/v1/cache/${stored.json.entryId}`, { method: 'DELETE' })).status, 404, 'replaced: the old entry is gone');
        assert.equal((await call('/api/v1/cache', { method: 'POST', body: { query, response: 'x' } })).status, 400, 'model is required');
        assert.equal((await call('/api/v1/playground/preview', { method: 'POST', body: { query } })).status, 400);
        assert.equal((await call('/api/v1/cache', { method: 'POST', body: { query, response: 'x', model }, auth: (await gw.createKey({ role: 'user' })).key })).status, 403);
      });
    });

    describe('gateway and coalescer stats', () => {
      test('GET /api/v1/stats: uptime, proxy health from the request log, cache and memory counts', async () => {
        const client = new OpenAI({ apiKey: gw.adminKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
        const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'a stats question' }] };
        await client.chat.completions.create(body);
        await client.chat.completions.create(body);
        const stats = await call('/api/v1/stats');
        const shown = JSON.stringify(stats.json);
        assert.equal(stats.status, 200, JSON.stringify(stats.json));
        assert.ok(Number.isInteger(stats.json.uptime_secs) && stats.json.uptime_secs >= 0);
        assert.equal(stats.json.proxy_health.status, 'healthy');
        assert.ok(stats.json.proxy_health.requests >= 2, shown);
        assert.equal(stats.json.proxy_health.serverErrors, 0);
        assert.ok(stats.json.cache.entries >= 1, shown);
        assert.ok(stats.json.cache.hits >= 1, shown);
        await call('/api/v1/memory/projects', { method: 'POST', body: { projectId: 'wf-stats', name: 'stats' } });
        assert.equal((await call('/api/v1/stats')).json.memory.projects, 1);
        assert.equal((await call('/api/v1/stats', { auth: acmeAdmin })).json.proxy_health.status, 'idle', "another tenant's calls are not counted");
      });

      test('coalescer counters follow the proxy, and a flush answers how many calls it forgot', async () => {
        const before = (await call('/api/v1/coalescer/stats')).json;
        const client = new OpenAI({ apiKey: gw.adminKey, baseURL: `${gw.url}/v1`, maxRetries: 0 });
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a fresh coalescer question' }] });
        const after = (await call('/api/v1/coalescer/stats')).json;
        assert.equal(after.original, before.original + 1);
        assert.equal(after.inFlight, 0);
        assert.ok(after.coalescedRatio >= 0 && after.coalescedRatio <= 1);
        const flushed = await call('/api/v1/coalescer/flush', { method: 'POST' });
        assert.deepEqual({ status: flushed.status, json: flushed.json }, { status: 200, json: { flushed: 0 } });
      });
    });

    describe('WorldFlow parameter names and role aliases', () => {
      test('GET /api/v1/logs takes pageSize, tier L1/L2/MISS and tenantId', async () => {
        const page = await call('/api/v1/logs?pageSize=1');
        assert.equal(page.status, 200);
        assert.equal(page.json.data.length, 1);
        assert.equal(page.json.pagination.pageSize, 1);
        const l1 = await call('/api/v1/logs?tier=L1');
        assert.ok(l1.json.data.length >= 1);
        assert.ok(l1.json.data.every((row: { cacheTier: string }) => row.cacheTier === 'exact'));
        const misses = await call('/api/v1/logs?tier=MISS');
        assert.ok(misses.json.data.every((row: { cacheStatus: string }) => row.cacheStatus === 'MISS'));
        assert.equal((await call('/api/v1/logs?tenantId=acme')).json.pagination.total, 0);
        assert.equal((await call('/api/v1/logs?tenantId=acme&tenant_id=other')).status, 400);
        const savings = await call('/api/v1/analytics/savings?granularity=day&tenantId=acme');
        assert.equal(savings.json.metadata.tenantId, 'acme');
      });

      test('viewer and operator are accepted as readonly and user', async () => {
        const token = await gw.request('/api/v1/auth/token', { method: 'POST', body: { api_key: gw.adminKey, role: 'viewer' }, auth: null });
        assert.equal(token.status, 200);
        assert.equal(((await token.json()) as { role: string }).role, 'readonly');
        const key = await call('/api/v1/keys', { method: 'POST', body: { role: 'operator', name: 'op' } });
        assert.equal(key.status, 201);
        assert.equal(key.json.role, 'user');
        assert.equal((await call('/api/v1/keys', { method: 'POST', body: { role: 'owner' } })).status, 400);
      });
    });
  });
}

describeWorldflowAdmin('sqlite');
describeWorldflowAdmin('postgres', { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: testSchema('wfadmin') }, await needPostgres());
