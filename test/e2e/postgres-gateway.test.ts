// A gateway on PostgreSQL end to end (SYNAPSE_DATABASE_URL, a schema of this run's own, dropped
// afterwards): memory and proxy requests through HTTP, nothing written to the SQLite file, and a
// restart on the same schema (with a fresh data directory) that keeps every milestone and cache entry,
// and one that serves while the memory search's vector index is still loading (held by a lock).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SQLITE_FILE_NAME } from '../../src/stores/sqlite/sqlite-storage.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { call, storeBody } from '../helpers/memory-client.js';
import pg from 'pg';
import { runAdminSql, TEST_DATABASE_URL } from '../helpers/postgres-test-database.js';
import { ask, cacheStatus, uniq } from '../helpers/proxy-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { needPostgres, testSchema } from '../helpers/test-services.js';

const schema = testSchema('e2e');
const env = { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema };

let upstream: FakeUpstream;
let gw: TestGateway;

const texts = (response: { body: any }): string[] => response.body.milestones.map((m: any) => m.thisContribution);

describe('gateway on PostgreSQL', await needPostgres(), () => {
  before(async () => {
    upstream = await startFakeUpstream();
    gw = await startTestGateway({ upstream, env });
  });
  after(async () => {
    await gw?.close();
    await upstream?.close();
  });

  const question = ask(uniq('What does PostgreSQL keep?'));
  let firstMilestoneId = '';

  test('starts on PostgreSQL: migrations applied in its schema, no SQLite file, ready', async () => {
    assert.equal(gw.gateway.deps.storage.backend, 'postgres');
    const tables = await runAdminSql('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
    const names = tables.rows.map((row: { tablename: string }) => row.tablename);
    for (const table of ['api_keys', 'cache_entries', 'memory_milestones', 'memory_branches', 'schema_migrations']) {
      assert.ok(names.includes(table), table);
    }
    assert.equal(existsSync(join(gw.dataDir, SQLITE_FILE_NAME)), false);
    assert.equal((await gw.request('/ready', { auth: null })).status, 200);
  });

  test('memory: store, dedup, branch, merge, log, search and recall', async () => {
    assert.equal((await call(gw, '/projects', { body: { projectId: 'pg', name: 'On PostgreSQL' } })).status, 200);
    const first = await call(gw, '/projects/pg/store', { body: storeBody('Implemented rate limiting middleware for the API') });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.sequenceNumber, 1);
    firstMilestoneId = first.body.milestoneId;
    const again = await call(gw, '/projects/pg/store', { body: storeBody('Implemented rate limiting middleware for the API') });
    assert.equal(again.status, 200);
    assert.equal(again.body.milestoneId, firstMilestoneId);
    assert.equal((await call(gw, '/projects/pg/store', { body: storeBody('Wrote the deployment documentation') })).body.sequenceNumber, 2);

    const side = await call(gw, '/projects/pg/store', { body: storeBody('Tried a token bucket in Lua', { branchName: 'limits' }) });
    assert.equal(side.body.sequenceNumber, 1, 'a new branch counts from 1');
    const merged = await call(gw, '/projects/pg/merge', {
      body: { sourceBranch: 'limits', targetBranch: 'main', mergeSummary: 'Token bucket is in', agentId: 'agent-1' },
    });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.milestonesMerged, 1);
    assert.equal((await call(gw, '/projects/pg/store', { body: storeBody('Late', { branchName: 'limits' }) })).status, 409);
    const log = await call(gw, '/projects/pg/log', { body: { agentId: 'a', phase: 'thought', content: 'PostgreSQL holds the log' } });
    assert.equal(log.status, 200, JSON.stringify(log.body));

    const found = await call(gw, '/projects/pg/search', { body: { query: 'rate limiting' } });
    assert.equal(found.status, 200);
    assert.equal(texts(found)[0], 'Implemented rate limiting middleware for the API');
    const recall = await call(gw, '/projects/pg/recall?view=branch');
    assert.deepEqual(recall.body.milestones.map((m: any) => m.sequenceNumber), [3, 2, 1]);
  });

  test('proxy: a miss reaches the upstream, the repeat is a hit from the cache', async () => {
    const calls = upstream.callCount('gpt-4o');
    assert.equal(await cacheStatus(gw, ADMIN_KEY, question), 'MISS');
    assert.equal(await cacheStatus(gw, ADMIN_KEY, question), 'HIT');
    assert.equal(upstream.callCount('gpt-4o'), calls + 1);
  });

  test('a restart on the same schema keeps milestones, the log and cached answers', async () => {
    await gw.close();
    gw = await startTestGateway({ upstream, env }); // a fresh data directory: nothing comes from disk
    const project = await call(gw, '/projects/pg');
    assert.equal(project.status, 200);
    assert.equal(project.body.milestoneCount, 4);
    assert.deepEqual(project.body.activeBranches, ['main']);
    const found = await call(gw, '/projects/pg/search', { body: { query: 'rate limiting middleware' } });
    assert.equal(found.body.milestones[0]?.milestoneId, firstMilestoneId);
    const log = await call(gw, '/projects/pg/recall?view=log');
    assert.deepEqual(log.body.logEntries.map((entry: any) => entry.content), ['PostgreSQL holds the log']);
    const next = await call(gw, '/projects/pg/store', { body: storeBody('After the restart') });
    assert.equal(next.body.sequenceNumber, 4, 'numbering continues where it stopped');
    const calls = upstream.callCount('gpt-4o');
    assert.equal(await cacheStatus(gw, ADMIN_KEY, question), 'HIT');
    assert.equal(upstream.callCount('gpt-4o'), calls, 'answered from PostgreSQL, not the upstream');
  });

  test('a restart serves before the vector index is loaded: /ready says loading, search ranks by words until it is loaded', async () => {
    await gw.close();
    // Another session holds the embeddings table, so loading the index waits for it.
    const holder = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${schema}.memory_milestone_embeddings IN ACCESS EXCLUSIVE MODE`);
      gw = await startTestGateway({ upstream, env, background: true });
      const ready = await gw.request('/ready', { auth: null });
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as any).checks.memory_search, 'loading');
      // Words find it; a misspelling (found by the vectors alone) does not, yet.
      assert.equal(texts(await call(gw, '/projects/pg/search', { body: { query: 'rate limiting' } }))[0], 'Implemented rate limiting middleware for the API');
      assert.deepEqual(texts(await call(gw, '/projects/pg/search', { body: { query: 'ratelimitng' } })), []);
      await holder.query('COMMIT');
      await gw.gateway.loaded();
      assert.equal(((await (await gw.request('/ready', { auth: null })).json()) as any).checks.memory_search, 'ok');
      assert.equal(texts(await call(gw, '/projects/pg/search', { body: { query: 'ratelimitng' } }))[0], 'Implemented rate limiting middleware for the API');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });
});
