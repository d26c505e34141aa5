// Writers that really race on one SQLite file: several threads, each with its own connection (as
// several gateway processes on one data directory would have), released together at a barrier.
// Nothing is lost or duplicated: milestone sequence numbers are exactly 1..N, an idempotency key
// stores one milestone, one first API key wins, usage counters add up, every settings field stays.
// (The store contracts' "concurrent" cases run on one connection, where SQLite calls cannot overlap.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';
import type { RaceResult, RaceTask } from './sqlite-race-worker.js';

const WRITERS = 4;
const APPENDS = 25;
const BATCHES = 25;
const AT = '2026-02-10T14:22:00.000Z';

const dir = mkdtempSync(join(tmpdir(), 'synapse-sqlite-race-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function runWriter(task: RaceTask): Promise<RaceResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sqlite-race-worker.js', import.meta.url), { workerData: task });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`writer ${task.writer} exited with ${code} before answering`)));
  });
}

test(`${WRITERS} connections writing one SQLite file at once lose and duplicate nothing`, async () => {
  const tenant = 'race';
  const setup = openSqliteStorage(dir); // applies the migrations before the writers open the file
  await setup.memory.createProject(
    { tenantId: tenant, projectId: 'p', name: 'p', roadmap: '', createdAt: AT, updatedAt: AT },
    { tenantId: tenant, projectId: 'p', branchName: 'main', parentBranch: null, purpose: '', status: 'active', agentId: null, createdAt: AT, abandonReason: null, mergedInto: null },
  );
  const barrier = new SharedArrayBuffer(4);
  const results = await Promise.all(
    Array.from({ length: WRITERS }, (_, writer) => runWriter({ dir, writer, tenant, appends: APPENDS, batches: BATCHES, barrier, writers: WRITERS })),
  );
  assert.deepEqual(results.flatMap((r) => r.errors), [], 'no writer failed');

  const numbers = results.flatMap((r) => r.sequenceNumbers).sort((a, b) => a - b);
  const keyed = 1; // the milestone stored under the idempotency key
  assert.deepEqual(numbers.length, WRITERS * APPENDS);
  const keyedNumber = (await setup.memory.getMilestonesByIds(tenant, [results.find((r) => r.keyedOutcome === 'created')!.keyedMilestoneId]))[0]!.sequenceNumber;
  assert.deepEqual([...numbers, keyedNumber].sort((a, b) => a - b), Array.from({ length: WRITERS * APPENDS + keyed }, (_, i) => i + 1), 'sequence numbers 1..N, no gap, no repeat');
  assert.equal((await setup.memory.getProject(tenant, 'p'))?.milestoneCount, WRITERS * APPENDS + keyed);

  assert.deepEqual(results.map((r) => r.keyedOutcome).sort(), ['created', ...Array(WRITERS - 1).fill('replayed')]);
  assert.equal(new Set(results.map((r) => r.keyedMilestoneId)).size, 1, 'every writer got the one keyed milestone');

  assert.equal(results.filter((r) => r.firstKeyInserted).length, 1, 'one first key');
  assert.equal(await setup.apiKeys.countKeys(), 1);

  assert.equal((await setup.agentSessions.get(tenant, 'shared'))?.requests, WRITERS * BATCHES, 'no usage lost on the shared row');
  assert.equal((await setup.agentSessions.list(tenant, { limit: 1000 })).length, 1 + WRITERS * BATCHES);

  assert.deepEqual(await setup.settings.getTenantSettings(tenant), { rateLimitTier: 'pro', cacheTtlSecs: 30, cacheHitThreshold: 0.9 });
  await setup.close();
});
