// Concurrent stores through HTTP: 50 clients x 20 stores on one branch get sequence numbers
// exactly 1..1000; concurrent identical stores add one milestone; concurrent log appends too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
  assert.equal((await call(gw, '/projects', { body: { projectId: 'race', name: 'Race' } })).status, 200);
});
after(async () => {
  await gw?.close();
});

test('50 clients x 20 concurrent stores on one branch: sequence numbers exactly 1..1000', async () => {
  const clients = Array.from({ length: 50 }, async (_, client) => {
    const numbers: number[] = [];
    for (let i = 0; i < 20; i++) {
      const stored = await call(gw, '/projects/race/store', { body: storeBody(`client ${client} store ${i}`, { agentId: `agent-${client}` }) });
      assert.equal(stored.status, 200, JSON.stringify(stored.body));
      numbers.push(stored.body.sequenceNumber);
    }
    return numbers;
  });
  const numbers = (await Promise.all(clients)).flat().sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: 1000 }, (_, i) => i + 1));
  const recalled = await call(gw, '/projects/race/recall?view=branch&limit=200&offset=800');
  assert.deepEqual(recalled.body.milestones.map((m: any) => m.sequenceNumber), Array.from({ length: 200 }, (_, i) => 200 - i));
  assert.equal((await call(gw, '/projects/race')).body.milestoneCount, 1000);
});

test('concurrent identical stores and concurrent first stores to a new branch', async () => {
  const same = await Promise.all(Array.from({ length: 30 }, () => call(gw, '/projects/race/store', { body: storeBody('identical', { branchName: 'twin' }) })));
  assert.ok(same.every((r) => r.status === 200));
  assert.equal(new Set(same.map((r) => r.body.milestoneId)).size, 1);
  const fresh = await Promise.all(
    Array.from({ length: 30 }, (_, i) => call(gw, '/projects/race/store', { body: storeBody(`new branch ${i}`, { branchName: 'fresh' }) })),
  );
  assert.ok(fresh.every((r) => r.status === 200));
  assert.deepEqual(fresh.map((r) => r.body.sequenceNumber).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
});

test('concurrent log appends are numbered without gaps', async () => {
  const entries = await Promise.all(
    Array.from({ length: 100 }, (_, i) => call(gw, '/projects/race/log', { body: { agentId: 'a', phase: 'action', content: `act ${i}` } })),
  );
  assert.deepEqual(entries.map((e) => e.body.sequenceNumber).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1));
});
