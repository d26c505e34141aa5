// Search context through HTTP: a milestone is also found by the words of its branch's previous
// two milestones (below the one that says them), and the vector stored for it is its own
// embedding mixed with theirs, the same after a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONTEXT_VECTOR_WEIGHTS } from '../../src/domain/memory/search/rank-fusion.js';
import { decodeSparse, sparseFromSlots, type SparseVector } from '../../src/domain/cache/semantic/vectors/sparse-vector.js';
import { BuiltinEmbedder } from '../../src/providers/embeddings/builtin/builtin-embedder.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { call, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const HARVEST = ['Planned the kumquat harvest', 'Booked the trucks', 'Hired pickers', 'Paid the invoices'];

let upstream: FakeUpstream;
before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream?.close();
});

async function storeAll(gw: TestGateway, projectId: string, texts: string[], branchName = 'main'): Promise<string[]> {
  const ids: string[] = [];
  for (const text of texts) {
    const stored = await call(gw, `/projects/${projectId}/store`, { body: storeBody(text, { branchName }) });
    assert.equal(stored.status, 200);
    ids.push(stored.body.milestoneId);
  }
  return ids;
}

describe('memory search context', () => {
  test('words of the previous two milestones of the branch find a milestone, below the one that says them', async () => {
    // A failing embedder leaves the lexical ranking alone to look at.
    const gw = await startTestGateway({ upstream, env: { SYNAPSE_EMBEDDER: 'openai', SYNAPSE_EMBEDDING_MODEL: 'fake-500', SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
    try {
      await call(gw, '/projects', { body: { projectId: 'farm', name: 'farm' } });
      await storeAll(gw, 'farm', HARVEST);
      await storeAll(gw, 'farm', ['Repainted the barn'], 'side');
      const found = await call(gw, '/projects/farm/search', { body: { query: 'kumquat' } });
      const texts = found.body.milestones.map((m: any) => m.thisContribution);
      assert.equal(texts[0], 'Planned the kumquat harvest');
      assert.deepEqual(new Set(texts.slice(1)), new Set(['Booked the trucks', 'Hired pickers']));
      assert.ok(found.body.milestones[0].score > found.body.milestones[1].score);
    } finally {
      await gw.close();
    }
  });

  test('the stored vector is normalize(v_i + 0.5 v_(i-1) + 0.25 v_(i-2)) over the same branch, rebuilt alike after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'synapse-memory-context-'));
    const gw = await startTestGateway({ upstream, dataDir });
    let restarted: TestGateway | undefined;
    try {
      await call(gw, '/projects', { body: { projectId: 'farm', name: 'farm' } });
      const main = await storeAll(gw, 'farm', HARVEST);
      const [side] = await storeAll(gw, 'farm', ['Repainted the barn'], 'side');
      const sparse = new BuiltinEmbedder().sparse;
      const own = await sparse.embed([...HARVEST, 'Repainted the barn']);
      const stored = async (g: TestGateway) =>
        new Map((await g.gateway.deps.storage.memory.listEmbeddings(sparse.id)).map((row) => [row.milestoneId, decodeSparse(row.vector, sparse.dimensions)!]));
      const vectors = await stored(gw);
      assertSameVector(vectors.get(main[0]!)!, own[0]!);
      assertSameVector(vectors.get(main[1]!)!, mix([own[1]!, own[0]!]));
      assertSameVector(vectors.get(main[3]!)!, mix([own[3]!, own[2]!, own[1]!]), 'only the previous two count');
      assertSameVector(vectors.get(side!)!, own[4]!, 'another branch does not mix in');

      const before = (await call(gw, '/projects/farm/search', { body: { query: 'kumquat pickers' } })).body.milestones;
      assert.ok(before.length > 0);
      await gw.close();
      restarted = await startTestGateway({ upstream, dataDir });
      const after = (await call(restarted, '/projects/farm/search', { body: { query: 'kumquat pickers' } })).body.milestones;
      assert.deepEqual(after.map((m: any) => [m.milestoneId, m.score]), before.map((m: any) => [m.milestoneId, m.score]));
      assert.deepEqual(await stored(restarted), vectors, 'nothing embedded again');
    } finally {
      await (restarted ?? gw).close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function mix(vectors: SparseVector[]): SparseVector {
  const slots = new Map<number, number>();
  vectors.forEach((v, k) => v.indices.forEach((slot, i) => slots.set(slot, (slots.get(slot) ?? 0) + CONTEXT_VECTOR_WEIGHTS[k]! * v.values[i]!)));
  return sparseFromSlots(slots);
}

function assertSameVector(actual: SparseVector, expected: SparseVector, message?: string): void {
  assert.deepEqual([...actual.indices], [...expected.indices], message);
  actual.values.forEach((value, i) => assert.ok(Math.abs(value - expected.values[i]!) < 1e-6, message));
}
