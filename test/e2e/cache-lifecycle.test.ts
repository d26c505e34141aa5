// End-to-end tests of the exact-match cache that need a gateway of their own: TTL expiry on an
// injected clock, persistence across a restart, the size bound, and the admin cache API.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startFakeUpstream } from '../fake-upstream/fake-upstream.js';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, startTestGateway } from '../helpers/test-gateway.js';
import { ask, chat, cacheStatus, cacheRows, type Json } from '../helpers/proxy-test-kit.js';

describe('proxy and cache (dedicated gateways)', () => {
  test('x-synapse-cache-ttl and SYNAPSE_CACHE_TTL_SECS expire entries on the injected clock', async () => {
    let clock = Date.now();
    const gw = await startTestGateway({ now: () => clock, env: { SYNAPSE_CACHE_TTL_SECS: '5' } });
    try {
      const token = await gw.tokenFor(ADMIN_KEY);
      const short = ask('short lived');
      const long = ask('default lived');
      assert.equal(await cacheStatus(gw, token, short, { 'x-synapse-cache-ttl': '1' }), 'MISS');
      assert.equal(await cacheStatus(gw, token, long), 'MISS');
      assert.equal(await cacheStatus(gw, token, short), 'HIT');
      clock += 2_000;
      assert.equal(await cacheStatus(gw, token, short), 'MISS', 'x-synapse-cache-ttl: 1 expired after 2 s');
      assert.equal(await cacheStatus(gw, token, long), 'HIT', 'the default TTL is 5 s here');
      clock += 4_000;
      assert.equal(await cacheStatus(gw, token, long), 'MISS', 'SYNAPSE_CACHE_TTL_SECS=5 expired after 6 s');
      const bad = await chat(gw, token, short, { 'x-synapse-cache-ttl': 'soon' });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as Json).error.type, 'validation_error');
    } finally {
      await gw.close();
    }
  });

  test('an entry survives a gateway restart on the same data dir', async () => {
    const upstream = await startFakeUpstream();
    const dataDir = mkdtempSync(join(tmpdir(), 'synapse-e2e-restart-'));
    try {
      const first = await startTestGateway({ upstream, dataDir });
      const body = ask('remember me across restarts');
      try {
        assert.equal(await cacheStatus(first, await first.tokenFor(ADMIN_KEY), body), 'MISS');
      } finally {
        await first.close();
      }
      const second = await startTestGateway({ upstream, dataDir });
      try {
        const res = await chat(second, await second.tokenFor(ADMIN_KEY), body);
        assert.equal(res.headers.get('x-synapse-cache-status'), 'HIT');
        assert.equal(((await res.json()) as Json).choices[0].message.content, 'Echo: remember me across restarts');
        assert.equal(upstream.callCount(), 1);
      } finally {
        await second.close();
      }
    } finally {
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('SYNAPSE_CACHE_MAX_ENTRIES bounds the table and keeps the most recently used entries', async () => {
    let clock = Date.now();
    const gw = await startTestGateway({ now: () => clock, env: { SYNAPSE_CACHE_MAX_ENTRIES: '5' } });
    try {
      const token = await gw.tokenFor(ADMIN_KEY);
      const nth = (i: number): Json => ask(`bounded request ${i}`);
      for (let i = 1; i <= 12; i++) {
        clock += 1_000;
        assert.equal(await cacheStatus(gw, token, nth(i)), 'MISS');
        clock += 1_000;
        // Entry 1 is used after every insert, so it stays among the most recently used.
        assert.equal(await cacheStatus(gw, token, nth(1)), 'HIT', `entry 1 after insert ${i}`);
      }
      assert.ok(cacheRows(gw.dataDir).length <= 5, `rows: ${cacheRows(gw.dataDir).length}`);
      const calls = gw.upstream.callCount();
      for (const i of [12, 11, 10, 9, 1]) assert.equal(await cacheStatus(gw, token, nth(i)), 'HIT', `entry ${i}`);
      assert.equal(gw.upstream.callCount(), calls);
      assert.equal(await cacheStatus(gw, token, nth(2)), 'MISS', 'the least recently used were evicted');
      assert.ok(cacheRows(gw.dataDir).length <= 5);
    } finally {
      await gw.close();
    }
  });

  test('admin cache endpoints: stats, delete by model, delete all, delete by id', async () => {
    const gw = await startTestGateway();
    try {
      const acme = await gw.createKey({ role: 'admin', name: 'acme admin', tenant_id: 'acme' });
      const acmeToken = await gw.tokenFor(acme.key);
      const defaultToken = await gw.tokenFor(ADMIN_KEY);
      const admin = (path: string, method = 'GET', auth = acmeToken): Promise<Response> => gw.request(path, { method, auth });
      const a = ask('acme one');
      const b = ask('acme two');
      const mini = { ...ask('acme mini'), model: 'gpt-4o-mini' };
      for (const body of [a, b, mini, a]) await cacheStatus(gw, acmeToken, body);
      await cacheStatus(gw, defaultToken, a); // the same request in another tenant is its own entry

      const stats = (await (await admin('/api/v1/cache/stats')).json()) as Json;
      assert.equal(stats.entries, 3);
      assert.equal(stats.hits, 1);
      assert.equal(stats.misses, 3);
      assert.deepEqual(stats.byTenant.map((t: Json) => t.tenantId), ['acme']);

      const byModel = await admin('/api/v1/cache?model=gpt-4o-mini', 'DELETE');
      assert.equal(byModel.status, 200);
      assert.equal(((await byModel.json()) as Json).deleted, 1);
      assert.equal(await cacheStatus(gw, acmeToken, a), 'HIT', 'other models are kept');
      assert.equal(await cacheStatus(gw, acmeToken, mini), 'MISS');

      // Entries are written behind, after the answer was sent; reading stats flushes what is pending.
      await eventually('the new gpt-4o-mini entry is written', 5_000, async () => {
        await admin('/api/v1/cache/stats');
        return cacheRows(gw.dataDir).some((r) => r.tenant_id === 'acme' && r.model === 'gpt-4o-mini');
      });
      const acmeEntry = cacheRows(gw.dataDir).find((r) => r.tenant_id === 'acme' && r.model === 'gpt-4o-mini')!;
      const defaultEntry = cacheRows(gw.dataDir).find((r) => r.tenant_id === 'default')!;
      assert.equal((await admin(`/api/v1/cache/${defaultEntry.id}`, 'DELETE')).status, 404, "another tenant's entry");
      assert.equal((await admin(`/api/v1/cache/${acmeEntry.id}`, 'DELETE')).status, 200);
      assert.equal(await cacheStatus(gw, acmeToken, mini), 'MISS');
      const unknown = await admin('/api/v1/cache/ce_does_not_exist', 'DELETE');
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as Json).error.type, 'not_found');

      const all = await admin('/api/v1/cache', 'DELETE');
      assert.equal(((await all.json()) as Json).deleted, 3);
      assert.equal(((await (await admin('/api/v1/cache/stats')).json()) as Json).entries, 0);
      assert.equal(await cacheStatus(gw, acmeToken, b), 'MISS');
      assert.equal(await cacheStatus(gw, defaultToken, a), 'HIT', "the other tenant's entries are untouched");
    } finally {
      await gw.close();
    }
  });
});
