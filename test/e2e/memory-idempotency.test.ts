// `Idempotency-Key` on POST /projects/{id}/store through HTTP, on SQLite and on PostgreSQL: a
// repeat answers 200 with the milestone stored the first time (and `Idempotent-Replayed: true`),
// 20 concurrent stores with one key make exactly one milestone, and a malformed key is a 400.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, storeBody } from '../helpers/memory-client.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/postgres-test-database.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const schema = uniqueSchemaName('idem');
const backends: Array<[string, Record<string, string>]> = [
  ['SQLite', {}],
  ['PostgreSQL', { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema }],
];
after(() => dropSchema(schema));

for (const [backend, env] of backends) {
  describe(`Idempotency-Key on ${backend}`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startTestGateway({ env });
      assert.equal((await call(gw, '/projects', { body: { projectId: 'idem', name: 'Idempotent stores' } })).status, 200);
    });
    after(async () => {
      await gw?.close();
    });

    const store = (key: string | undefined, text: string, extra: Record<string, unknown> = {}) =>
      call(gw, '/projects/idem/store', { body: storeBody(text, extra), ...(key ? { headers: { 'idempotency-key': key } } : {}) });

    test('a repeated key answers with the first milestone, whatever the repeat carries', async () => {
      const first = await store('hook-0001', 'Session 1a2b: stored once');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const repeat = await store('hook-0001', 'Session 1a2b: stored once');
      assert.equal(repeat.status, 200);
      assert.equal(repeat.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(repeat.body, first.body);
      const rebuilt = await store('hook-0001', 'Session 1a2b: rebuilt with newer progress', { cumulativeProgress: 'more', branchName: 'elsewhere' });
      assert.equal(rebuilt.status, 200);
      assert.equal(rebuilt.body.milestoneId, first.body.milestoneId);
      assert.equal((await call(gw, '/projects/idem/branches/elsewhere')).status, 404, 'a replay creates no branch');
      const plain = await store(undefined, 'Session 1a2b: stored once');
      assert.equal(plain.status, 200, 'without a key, content dedup as before');
      assert.equal(plain.headers.get('idempotent-replayed'), null);
    });

    test('20 concurrent stores with one key: exactly one milestone, all 20 get it', async () => {
      const before = (await call(gw, '/projects/idem')).body.milestoneCount as number;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store('race-key', `concurrent attempt ${i}`)));
      assert.ok(results.every((r) => r.status === 200), JSON.stringify(results.map((r) => r.status)));
      assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') === null).length, 1, 'one stored, 19 replayed');
      assert.equal(new Set(results.map((r) => r.body.milestoneId)).size, 1);
      assert.equal((await call(gw, '/projects/idem')).body.milestoneCount, before + 1);
    });

    test('a key is scoped to its project', async () => {
      assert.equal((await call(gw, '/projects', { body: { projectId: 'idem-2', name: 'Another' } })).status, 200);
      const other = await call(gw, '/projects/idem-2/store', { body: storeBody('Session 1a2b: stored once'), headers: { 'idempotency-key': 'hook-0001' } });
      assert.equal(other.status, 200);
    });

    test('a malformed key is refused before anything is stored', async () => {
      for (const key of ['x'.repeat(256), 'has space']) {
        const refused = await store(key, 'never stored');
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.type, 'validation_error');
        assert.match(refused.body.error.message, /^idempotency-key /);
      }
    });
  });
}
