// End-to-end tests of the semantic cache's administration: GET|PUT /api/v1/thresholds (operator
// admins only for the gateway-wide values), per-tenant overrides that change what hits for that
// tenant only, and POST /api/v1/cache/preview (exact, semantic, refused), which never calls the
// upstream and never counts as a hit or a miss.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_SEMANTIC_THRESHOLD } from '../../src/config/schema.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { assertMissFor, assertSemanticHit, CLEAR, inPartition, NEAR, preview, prime, send, type Json } from '../semantic/semantic-kit.js';

const DAY = 86_400;

describe('semantic cache administration', () => {
  let gw: TestGateway;
  let tenantAdmin: string;
  before(async () => {
    gw = await startTestGateway();
    tenantAdmin = (await gw.createKey({ role: 'admin', name: 'tenant admin', tenant_id: 'tenant-b' })).key;
  });
  after(() => gw.close());

  const put = async (path: string, body: unknown, auth = ADMIN_KEY): Promise<{ status: number; json: Json }> => {
    const res = await gw.request(path, { method: 'PUT', body, auth });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const get = async (path: string, auth = ADMIN_KEY): Promise<{ status: number; json: Json }> => {
    const res = await gw.request(path, { auth });
    return { status: res.status, json: (await res.json()) as Json };
  };

  test('GET /api/v1/thresholds shows the defaults; the operator admin changes and resets them', async () => {
    const initial = await get('/api/v1/thresholds');
    assert.equal(initial.status, 200);
    assert.equal(initial.json.cacheHitThreshold, DEFAULT_SEMANTIC_THRESHOLD);
    assert.equal(initial.json.ttlSecs, DAY);
    assert.equal(initial.json.tenant.tenantId, 'default');
    assert.deepEqual(initial.json.tenant.overrides, {});

    const changed = await put('/api/v1/thresholds', { cacheHitThreshold: 0.93, ttlSecs: 3600 });
    assert.equal(changed.status, 200, JSON.stringify(changed.json));
    assert.equal(changed.json.cacheHitThreshold, 0.93);
    const seenByTenant = await get('/api/v1/thresholds', tenantAdmin);
    assert.equal(seenByTenant.json.cacheHitThreshold, 0.93, 'the gateway-wide value applies to every tenant');
    assert.equal(seenByTenant.json.tenant.cacheHitThreshold, 0.93);
    assert.equal(seenByTenant.json.tenant.ttlSecs, 3600);

    // The gateway-wide value is what lookups use: at 0.999 a reworded paraphrase misses.
    assert.equal((await put('/api/v1/thresholds', { cacheHitThreshold: 0.999 })).status, 200);
    await prime(gw, ADMIN_KEY, inPartition('global threshold', NEAR.cached));
    assertMissFor(await send(gw, ADMIN_KEY, inPartition('global threshold', NEAR.query)), NEAR.query, 'global threshold 0.999');

    const reset = await put('/api/v1/thresholds', { cacheHitThreshold: null, ttlSecs: null });
    assert.equal(reset.status, 200);
    assert.equal(reset.json.cacheHitThreshold, DEFAULT_SEMANTIC_THRESHOLD, 'null removes the override');
    assert.equal(reset.json.ttlSecs, DAY);
    await prime(gw, ADMIN_KEY, inPartition('global threshold reset', NEAR.cached));
    assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('global threshold reset', NEAR.query)), NEAR.cached, DEFAULT_SEMANTIC_THRESHOLD);
  });

  test('invalid threshold values are 400 validation_error and change nothing', async () => {
    const invalid: unknown[] = [
      { cacheHitThreshold: 0 },
      { cacheHitThreshold: -0.5 },
      { cacheHitThreshold: 1.01 },
      { cacheHitThreshold: 'high' },
      { ttlSecs: 0 },
      { ttlSecs: 1.5 },
      { ttlSecs: 40_000_000 },
      { threshold: 0.9 },
      {},
    ];
    for (const body of invalid) {
      for (const path of ['/api/v1/thresholds', '/api/v1/thresholds/tenants/default']) {
        const res = await put(path, body);
        assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.equal(res.json.error.type, 'validation_error');
      }
    }
    const after = await get('/api/v1/thresholds');
    assert.equal(after.json.cacheHitThreshold, DEFAULT_SEMANTIC_THRESHOLD);
    assert.deepEqual(after.json.tenant.overrides, {});
  });

  test('a tenant admin may not change the gateway-wide thresholds or another tenant, only its own', async () => {
    const global = await put('/api/v1/thresholds', { cacheHitThreshold: 0.5 }, tenantAdmin);
    assert.equal(global.status, 403);
    assert.equal(global.json.error.type, 'authorization_error');
    const foreign = await put('/api/v1/thresholds/tenants/default', { cacheHitThreshold: 0.5 }, tenantAdmin);
    assert.equal(foreign.status, 403);
    const user = (await gw.createKey({ role: 'user', name: 'a user', tenant_id: 'tenant-b' })).key;
    assert.equal((await put('/api/v1/thresholds/tenants/tenant-b', { cacheHitThreshold: 0.5 }, user)).status, 403);
    assert.equal((await get('/api/v1/thresholds')).json.cacheHitThreshold, DEFAULT_SEMANTIC_THRESHOLD);

    const own = await put('/api/v1/thresholds/tenants/tenant-b', { ttlSecs: 120 }, tenantAdmin);
    assert.equal(own.status, 200, JSON.stringify(own.json));
    assert.equal(own.json.tenantId, 'tenant-b');
    assert.equal(own.json.ttlSecs, 120);
    assert.deepEqual(own.json.overrides, { l1TtlSecs: 120, ttlSecs: 120 });
    const removed = await put('/api/v1/thresholds/tenants/tenant-b', { ttlSecs: null }, tenantAdmin);
    assert.deepEqual(removed.json.overrides, {});
    assert.equal(removed.json.ttlSecs, DAY);
  });

  test('l2TtlSecs: an entry older than it is served only exactly; a refused close paraphrase is a partial prediction', async () => {
    await prime(gw, tenantAdmin, inPartition('l2ttl', CLEAR.cached));
    const before = await preview(gw, tenantAdmin, inPartition('l2ttl', CLEAR.query));
    assert.deepEqual({ action: before.action, source: before.source, prediction: before.prediction }, { action: 'hit', source: 'semantic', prediction: 'hit' });

    assert.equal((await put('/api/v1/thresholds/tenants/tenant-b', { l2TtlSecs: 1, partialHitThreshold: 0.5 }, tenantAdmin)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the entry is now older than l2TtlSecs
    const aged = await preview(gw, tenantAdmin, inPartition('l2ttl', CLEAR.query));
    assert.deepEqual({ action: aged.action, prediction: aged.prediction }, { action: 'miss', prediction: 'partial' }, JSON.stringify(aged));
    const exact = await preview(gw, tenantAdmin, inPartition('l2ttl', CLEAR.cached));
    assert.deepEqual({ action: exact.action, source: exact.source }, { action: 'hit', source: 'exact' }, 'the identical request still hits');

    const cleared = await put('/api/v1/thresholds/tenants/tenant-b', { l2TtlSecs: null, partialHitThreshold: null }, tenantAdmin);
    assert.equal(cleared.json.l2TtlSecs, cleared.json.l1TtlSecs, 'unset, l2TtlSecs follows the entry TTL');
    assert.equal((await preview(gw, tenantAdmin, inPartition('l2ttl', CLEAR.query))).source, 'semantic');

    // The proxy obeys it too: the paraphrase goes upstream.
    assert.equal((await put('/api/v1/thresholds/tenants/tenant-b', { l2TtlSecs: 1 }, tenantAdmin)).status, 200);
    assertMissFor(await send(gw, tenantAdmin, inPartition('l2ttl', CLEAR.query)), CLEAR.query, 'the entry is older than l2TtlSecs');
    assert.equal((await put('/api/v1/thresholds/tenants/tenant-b', { l2TtlSecs: null }, tenantAdmin)).status, 200);
  });

  test("a tenant's threshold override of 0.999 turns its paraphrase hits into misses, for that tenant only", async () => {
    // Both tenants cache the same request; the paraphrase hits for both.
    for (const auth of [ADMIN_KEY, tenantAdmin]) {
      await prime(gw, auth, inPartition('override', NEAR.cached));
      const hit = await send(gw, auth, inPartition('override', NEAR.query));
      assertSemanticHit(hit, NEAR.cached, DEFAULT_SEMANTIC_THRESHOLD);
      assert.ok(hit.similarity! < 0.999, `similarity ${hit.similarity} must be below the override`);
    }
    const raised = await put('/api/v1/thresholds/tenants/tenant-b', { cacheHitThreshold: 0.999 }, ADMIN_KEY);
    assert.equal(raised.status, 200, 'the operator admin may set any tenant');
    assert.equal(raised.json.cacheHitThreshold, 0.999);
    assert.equal((await get('/api/v1/thresholds/tenants/tenant-b', tenantAdmin)).json.cacheHitThreshold, 0.999);

    const seen = await preview(gw, tenantAdmin, inPartition('override', NEAR.query));
    assert.equal(seen.action, 'miss');
    assert.equal(seen.threshold, 0.999);
    assert.equal(seen.nearest.rejectedBecause, 'below threshold');
    assertMissFor(await send(gw, tenantAdmin, inPartition('override', NEAR.query)), NEAR.query, 'tenant-b at 0.999');
    assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('override', NEAR.query)), NEAR.cached, DEFAULT_SEMANTIC_THRESHOLD);

    // null removes the override: the default threshold applies again.
    const removed = await put('/api/v1/thresholds/tenants/tenant-b', { cacheHitThreshold: null }, tenantAdmin);
    assert.equal(removed.status, 200);
    assert.equal(removed.json.cacheHitThreshold, DEFAULT_SEMANTIC_THRESHOLD);
    await prime(gw, tenantAdmin, inPartition('override again', NEAR.cached));
    assertSemanticHit(await send(gw, tenantAdmin, inPartition('override again', NEAR.query)), NEAR.cached, DEFAULT_SEMANTIC_THRESHOLD);
  });

  test('POST /api/v1/cache/preview: exact, semantic and refused, without calling the upstream or counting', async () => {
    const cached = inPartition('preview', CLEAR.cached);
    await prime(gw, ADMIN_KEY, cached);
    // Close enough in embedding space to pass the threshold: the verifier refuses it (5 vs 15).
    const refusedPair = {
      cached: 'My landlord wants to raise the monthly rent on my apartment by 5 percent next year, is that allowed under a typical lease agreement?',
      query: 'My landlord wants to raise the monthly rent on my apartment by 15 percent next year, is that allowed under a typical lease agreement?',
    };
    await prime(gw, ADMIN_KEY, inPartition('preview', refusedPair.cached));
    const statsBefore = (await get('/api/v1/cache/stats')).json;
    const calls = gw.upstream.calls.length;

    const exact = await preview(gw, ADMIN_KEY, cached);
    assert.equal(exact.action, 'hit');
    assert.equal(exact.source, 'exact');
    assert.equal(exact.similarity, 1);
    assert.equal(typeof exact.entryId, 'string');
    assert.equal(exact.threshold, DEFAULT_SEMANTIC_THRESHOLD);

    const paraphrase = await preview(gw, ADMIN_KEY, inPartition('preview', CLEAR.query));
    assert.equal(paraphrase.action, 'hit');
    assert.equal(paraphrase.source, 'semantic');
    assert.ok(paraphrase.similarity >= DEFAULT_SEMANTIC_THRESHOLD && paraphrase.similarity <= 1, `similarity ${paraphrase.similarity}`);
    assert.equal(paraphrase.entryId, exact.entryId, 'the paraphrase is served by the cached entry');
    assert.equal(paraphrase.nearest.entryId, exact.entryId);

    // At the default threshold this pair is already too far apart; a lower tenant threshold lets
    // it through to the verifier, which must refuse it.
    const lowered = await put('/api/v1/thresholds/tenants/default', { cacheHitThreshold: 0.9 }, ADMIN_KEY);
    assert.equal(lowered.status, 200);
    const refused = await preview(gw, ADMIN_KEY, inPartition('preview', refusedPair.query));
    const refusedEntry = (await preview(gw, ADMIN_KEY, inPartition('preview', refusedPair.cached))).entryId;
    assert.equal((await put('/api/v1/thresholds/tenants/default', { cacheHitThreshold: null }, ADMIN_KEY)).status, 200);
    assert.equal(refused.action, 'miss');
    assert.equal(refused.threshold, 0.9);
    assert.equal(refused.source, null);
    assert.equal(refused.entryId, null);
    assert.equal(refused.nearest.entryId, refusedEntry, 'the nearest candidate is the 5 percent entry');
    assert.ok(refused.nearest.similarity >= 0.9, `similarity ${refused.nearest.similarity}`);
    assert.ok(typeof refused.nearest.rejectedBecause === 'string' && refused.nearest.rejectedBecause.length > 0);
    assert.notEqual(refused.nearest.rejectedBecause, 'below threshold', 'refused by the verifier');
    console.log(`[semantic] preview of the 15 percent request next to the 5 percent one: ${JSON.stringify(refused.nearest)}`);

    const unknown = await preview(gw, ADMIN_KEY, inPartition('preview, empty partition', CLEAR.query));
    assert.equal(unknown.action, 'miss');
    assert.equal(unknown.nearest, null);

    assert.equal(gw.upstream.calls.length, calls, 'a preview never calls the upstream (chat or embeddings)');
    const statsAfter = (await get('/api/v1/cache/stats')).json;
    assert.deepEqual(statsAfter, statsBefore, 'previews change no hit or miss counts');
    // A real request after the previews is counted: the statistics were live all along.
    await send(gw, ADMIN_KEY, inPartition('preview', CLEAR.query));
    assert.notDeepEqual((await get('/api/v1/cache/stats')).json, statsBefore);
  });

  test('preview validates its body and needs a credential', async () => {
    const noAuth = await gw.request('/api/v1/cache/preview', { body: inPartition('preview', CLEAR.query), auth: null });
    assert.equal(noAuth.status, 401);
    const bad = await gw.request('/api/v1/cache/preview', { body: { model: 'gpt-4o' } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Json).error.type, 'validation_error');
  });
});
