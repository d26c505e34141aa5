// Memory writes through two separate pools on one schema, as two gateway instances would make them:
// sequence numbers stay 1..N without gaps or repeats, a content hash or idempotency key is stored once, and merges and
// abandons are all-or-nothing against the appends racing them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AppendOutcome, BranchRecord, MilestoneDraft } from '../../src/stores/ports/memory-store.js';
import { openPostgresStorage, type PostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { testPostgresOptions } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema } from '../helpers/test-services.js';

const AT = '2026-02-10T14:22:00.000Z';

function branch(tenantId: string, branchName: string, parentBranch: string | null = 'main'): BranchRecord {
  return {
    tenantId, projectId: 'p', branchName, parentBranch, purpose: '', status: 'active', agentId: null, createdAt: AT,
    abandonReason: null, mergedInto: null,
  };
}

function draft(tenantId: string, branchName: string, text: string): MilestoneDraft {
  return {
    tenantId, milestoneId: `ms-${randomUUID()}`, projectId: 'p', branchName, branchPurpose: 'purpose', cumulativeProgress: 'progress',
    thisContribution: text, contentHash: `hash-${text}`, agentId: 'agent', agentType: 'custom', kind: 'commit', createdAt: AT,
  };
}

const sequenceOf = (out: AppendOutcome): number => (out.outcome === 'created' ? out.milestone.sequenceNumber : -1);

describe('postgres memory under concurrent instances', await needPostgres(), () => {
  const schema = testSchema('memconc');
  let a: PostgresStorage;
  let b: PostgresStorage;
  before(async () => {
    // Two pools of 10 connections, opened at once: two instances starting together.
    [a, b] = await Promise.all([
      openPostgresStorage(testPostgresOptions(schema, { poolSize: 10, connectTimeoutMs: 30_000, statementTimeoutMs: 30_000 })),
      openPostgresStorage(testPostgresOptions(schema, { poolSize: 10, connectTimeoutMs: 30_000, statementTimeoutMs: 30_000 })),
    ]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  async function newProject(): Promise<string> {
    const tenant = `t-${randomUUID()}`;
    await a.memory.createProject({ tenantId: tenant, projectId: 'p', name: 'p', roadmap: '', createdAt: AT, updatedAt: AT }, branch(tenant, 'main', null));
    return tenant;
  }

  test('2 x 500 concurrent appends on one branch get sequence numbers exactly 1..1000', async () => {
    const tenant = await newProject();
    const appends = (storage: PostgresStorage, label: string) =>
      Array.from({ length: 500 }, (_, i) => storage.memory.appendMilestone({ milestone: draft(tenant, 'main', `${label}-${i}`) }));
    const results = await Promise.all([...appends(a, 'a'), ...appends(b, 'b')]);
    const numbers = results.map(sequenceOf).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: 1000 }, (_, i) => i + 1));
    const stored = await b.memory.listBranchMilestones(tenant, 'p', 'main', { limit: 2000, offset: 0 });
    assert.deepEqual(stored.map((m) => m.sequenceNumber), Array.from({ length: 1000 }, (_, i) => 1000 - i));
    assert.equal((await a.memory.getProject(tenant, 'p'))?.milestoneCount, 1000);
  });

  test('the same content stored at once through both instances is created once', async () => {
    const tenant = await newProject();
    const same = () => draft(tenant, 'main', 'identical');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).memory.appendMilestone({ milestone: same() })));
    const created = results.filter((r) => r.outcome === 'created');
    assert.equal(created.length, 1);
    const id = created[0]!.outcome === 'created' ? created[0]!.milestone.milestoneId : '';
    assert.ok(results.every((r) => (r.outcome === 'created' || r.outcome === 'duplicate') && r.milestone.milestoneId === id));
    assert.equal((await a.memory.listBranchMilestones(tenant, 'p', 'main', { limit: 10, offset: 0 })).length, 1);
  });

  test('one idempotency key sent at once through both instances, to different branches, stores one milestone', async () => {
    const tenant = await newProject();
    // Different branches take different locks: only the unique index on the key keeps the repeats out.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).memory.appendMilestone({
          milestone: draft(tenant, `lane-${i % 4}`, `attempt ${i}`), createBranch: branch(tenant, `lane-${i % 4}`), idempotencyKey: 'spool-entry-1',
        }),
      ),
    );
    assert.equal(results.filter((r) => r.outcome === 'created').length, 1);
    assert.equal(results.filter((r) => r.outcome === 'replayed').length, 19);
    assert.equal(new Set(results.map((r) => (r.outcome === 'created' || r.outcome === 'replayed' ? r.milestone.milestoneId : ''))).size, 1);
    assert.equal((await a.memory.getProject(tenant, 'p'))?.milestoneCount, 1);
  });

  test('a branch auto-created by both instances at once exists once, numbered from 1', async () => {
    const tenant = await newProject();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).memory.appendMilestone({ milestone: draft(tenant, 'feature', `f${i}`), createBranch: branch(tenant, 'feature') }),
      ),
    );
    assert.deepEqual(results.map(sequenceOf).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal((await a.memory.listBranches(tenant, 'p')).length, 2);
  });

  test('a merge racing appends to its source counts exactly what it closed', async () => {
    const tenant = await newProject();
    await a.memory.createBranch(branch(tenant, 'side'));
    const appends = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).memory.appendMilestone({ milestone: draft(tenant, 'side', `s${i}`) }));
    const merge = b.memory.mergeBranch({
      tenantId: tenant, projectId: 'p', sourceBranch: 'side', targetBranch: 'main', milestone: { ...draft(tenant, 'main', 'merged'), kind: 'merge' },
    });
    const [merged, ...results] = await Promise.all([merge, ...appends]);
    assert.equal(merged.outcome, 'merged');
    const createdCount = results.filter((r) => r.outcome === 'created').length;
    const refused = results.filter((r) => r.outcome === 'branch_closed');
    assert.equal(createdCount + refused.length, 40, 'every append either landed before the merge or was refused after it');
    assert.equal(merged.outcome === 'merged' && merged.milestonesMerged, createdCount);
    assert.ok(refused.every((r) => r.outcome === 'branch_closed' && r.status === 'merged'));
    assert.equal((await a.memory.listBranchMilestones(tenant, 'p', 'side', { limit: 100, offset: 0 })).length, createdCount);
  });

  test('two merges of one branch at once: one wins, the other sees it merged', async () => {
    const tenant = await newProject();
    await a.memory.createBranch(branch(tenant, 'x'));
    await a.memory.createBranch(branch(tenant, 'y'));
    const mergeInto = (storage: PostgresStorage, target: string) =>
      storage.memory.mergeBranch({
        tenantId: tenant, projectId: 'p', sourceBranch: 'x', targetBranch: target,
        milestone: { ...draft(tenant, target, `merge into ${target}`), kind: 'merge' },
      });
    const outcomes = await Promise.all([mergeInto(a, 'main'), mergeInto(b, 'y')]);
    assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['branch_closed', 'merged']);
    const milestones = [
      ...(await a.memory.listBranchMilestones(tenant, 'p', 'main', { limit: 10, offset: 0 })),
      ...(await a.memory.listBranchMilestones(tenant, 'p', 'y', { limit: 10, offset: 0 })),
    ];
    assert.equal(milestones.length, 1, 'only the winning merge wrote its milestone');
  });

  test('abandon racing appends: nothing lands after the branch is closed', async () => {
    const tenant = await newProject();
    await a.memory.createBranch(branch(tenant, 'doomed'));
    const appends = Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).memory.appendMilestone({ milestone: draft(tenant, 'doomed', `d${i}`) }));
    const abandon = a.memory.abandonBranch(tenant, 'p', 'doomed', 'race');
    const [abandoned, ...results] = await Promise.all([abandon, ...appends]);
    assert.equal(abandoned, true);
    const created = results.map(sequenceOf).filter((n) => n > 0).sort((x, y) => x - y);
    assert.deepEqual(created, Array.from({ length: created.length }, (_, i) => i + 1), 'no gaps');
    assert.equal((await b.memory.listBranchMilestones(tenant, 'p', 'doomed', { limit: 100, offset: 0 })).length, created.length);
  });

  test('deleting a project while appends run leaves nothing behind', async () => {
    const tenant = await newProject();
    const appends = Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).memory.appendMilestone({ milestone: draft(tenant, 'main', `x${i}`) }));
    const removal = b.memory.deleteProject(tenant, 'p');
    const [removed, ...results] = await Promise.all([removal, ...appends]);
    const created = results.filter((r) => r.outcome === 'created').length;
    assert.equal(removed?.length, created, 'the delete reports every milestone that landed before it');
    assert.ok(results.every((r) => r.outcome === 'created' || r.outcome === 'project_missing'));
    assert.equal(await a.memory.getProject(tenant, 'p'), undefined);
    assert.equal((await a.memory.listMilestones(tenant, {}, { limit: 100, offset: 0 })).total, 0);
  });
});
