// What the PostgreSQL memory backend does beyond the shared contract: the search context written at
// append time, stopword handling of the OR query, idf-weighted scores, and cache entries handed to
// promote with their semantic fields.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { MilestoneDraft } from '../../src/stores/ports/memory-store.js';
import { openPostgresStorage, type PostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { testPostgresOptions } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema } from '../helpers/test-services.js';

const AT = '2026-02-10T14:22:00.000Z';

describe('postgres memory store', await needPostgres(), () => {
  const schema = testSchema('memstore');
  let storage: PostgresStorage;
  let tenant: string;
  before(async () => {
    storage = await openPostgresStorage(testPostgresOptions(schema));
  });
  after(async () => {
    await storage?.close();
  });

  async function project(): Promise<void> {
    tenant = `t-${randomUUID()}`;
    await storage.memory.createProject(
      { tenantId: tenant, projectId: 'p', name: 'p', roadmap: '', createdAt: AT, updatedAt: AT },
      { tenantId: tenant, projectId: 'p', branchName: 'main', parentBranch: null, purpose: '', status: 'active', agentId: null, createdAt: AT, abandonReason: null, mergedInto: null },
    );
  }

  async function store(text: string, extra: Partial<MilestoneDraft> = {}): Promise<string> {
    const milestoneId = `ms-${randomUUID()}`;
    const out = await storage.memory.appendMilestone({
      milestone: {
        tenantId: tenant, milestoneId, projectId: 'p', branchName: 'main', branchPurpose: '', cumulativeProgress: '',
        thisContribution: text, contentHash: `h-${text}`, agentId: 'a', agentType: 'custom', kind: 'commit', createdAt: AT, ...extra,
      },
    });
    assert.equal(out.outcome, 'created');
    return milestoneId;
  }

  test('each milestone keeps the contributions of the two before it on its branch as its context', async () => {
    await project();
    const ids = [await store('one'), await store('two'), await store('three')];
    const rows = await storage.database.rows<{ milestone_id: string; context: string }>(
      'SELECT milestone_id, context FROM memory_milestones WHERE tenant_id = $1 ORDER BY sequence_number',
      [tenant],
    );
    assert.deepEqual(rows.map((r) => [r.milestone_id, r.context]), [[ids[0], ''], [ids[1], 'one'], [ids[2], 'two\none']]);
  });

  test('stopwords do not match; rarer words weigh more; questions find their answer', async () => {
    await project();
    const rare = await store('The zeppelin landed on the roof');
    const common = await store('The meeting about the budget and the roof');
    const later = await store('The budget meeting moved to Friday');
    assert.deepEqual(await storage.memory.searchLexical(tenant, 'the and of', { limit: 10 }), [], 'only stopwords: nothing');
    const hits = await storage.memory.searchLexical(tenant, 'Where did the zeppelin land, on which roof?', { limit: 10 });
    assert.deepEqual(hits.map((h) => h.milestoneId), [rare, common, later], 'the last one only through its context');
    const budget = await storage.memory.searchLexical(tenant, 'budget roof', { limit: 10 });
    assert.equal(budget[0]?.milestoneId, common, 'both words beat one');
    assert.ok(budget.every((h) => h.score < 0));
  });

  test("a cache entry read by id carries its semantic fields, for promote", async () => {
    const id = `ce_${randomUUID()}`;
    const entry = {
      id, tenantId: 't-cache', cacheKey: `k-${id}`, model: 'm', response: { ok: true }, promptTokens: 1, completionTokens: 1,
      sizeBytes: 10, createdAt: 1, expiresAt: 1e15, lastHitAt: 1, hitCount: 0,
    };
    await storage.cache.putEntries([entry]);
    assert.equal((await storage.cache.getEntryById('t-cache', id))?.semantic, undefined);
    const semantic = { partition: 'part', text: 'How do I rotate keys?', context: ['earlier'], embedderId: 'e', vector: new Float32Array([0.5, 0.25]) };
    await storage.cache.putSemantic([{ tenantId: 't-cache', cacheKey: entry.cacheKey, semantic }]);
    assert.deepEqual((await storage.cache.getEntryById('t-cache', id))?.semantic, semantic);
  });
});
