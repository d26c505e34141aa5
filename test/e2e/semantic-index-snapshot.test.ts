// A restarted gateway reads the HNSW graphs' snapshot back instead of rebuilding them
// (cache.semantic.annSnapshot, on by default): a dense embedder (the fake upstream's
// OpenAI-compatible embeddings), partitions in graphs from 8 entries, a real SQLite data dir.
// The first gateway writes dataDir/semantic-index at shutdown; an entry deleted from the database
// while no gateway runs is not in the index the second one loads; /ready says what the snapshot gave.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadHnsw } from '../../src/domain/cache/semantic/vectors/hnsw-library.js';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';
import { startFakeUpstream } from '../fake-upstream/fake-upstream.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { CLEAR, assertSemanticHit, inPartition, prime, send } from '../semantic/semantic-kit.js';

const hnsw = loadHnsw();
const needsAddon = hnsw.library ? {} : { skip: `hnswlib-node is not available here: ${hnsw.reason}` };
const QUESTIONS = [CLEAR.cached, ...Array.from({ length: 11 }, (_, i) => `Which river flows through city number ${i + 1}?`)];

interface IndexState {
  state: string;
  entries: number;
  snapshot?: string;
}

async function loadedIndex(gw: TestGateway): Promise<IndexState> {
  for (;;) {
    const response = await gw.request('/ready', { auth: null });
    assert.equal(response.status, 200);
    const index = ((await response.json()) as { details: { semantic_index: IndexState } }).details.semantic_index;
    assert.notEqual(index.state, 'failed');
    if (index.state === 'ready') return index;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a restart reads the snapshot written at shutdown and leaves out an entry deleted meanwhile', needsAddon, async () => {
  const upstream = await startFakeUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-snapshot-e2e-'));
  const env = { SYNAPSE_EMBEDDER: 'openai', SYNAPSE_EMBEDDING_BASE_URL: upstream.url, SYNAPSE_CACHE_ANN_FROM: '8' };
  try {
    const first = await startTestGateway({ upstream, dataDir, env });
    try {
      assert.equal((await loadedIndex(first)).snapshot, 'no snapshot yet');
      for (const question of QUESTIONS) await prime(first, ADMIN_KEY, inPartition('snapshot', question));
      while ((await loadedIndex(first)).entries < QUESTIONS.length) await new Promise((resolve) => setTimeout(resolve, 20)); // indexed after answering
    } finally {
      await first.close();
    }
    const manifestFile = join(dataDir, 'semantic-index', 'manifest.json');
    assert.ok(existsSync(manifestFile), 'written at shutdown');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { embedderId: string; graphs: Array<{ ids: string[] }> };
    assert.equal(manifest.graphs[0]?.ids.length, QUESTIONS.length);

    // Delete one entry straight from the database, as another process (or expiry) would.
    const storage = await openSqliteStorage(dataDir);
    try {
      const rows = await storage.cache.listSemantic(manifest.embedderId, Date.now(), { limit: 100 });
      const victim = rows.find((row) => row.text === QUESTIONS[3])!;
      const entry = (await storage.cache.getEntry(victim.tenantId, victim.cacheKey))!;
      assert.ok(await storage.cache.deleteEntry(victim.tenantId, entry.id));
    } finally {
      await storage.close();
    }

    const second = await startTestGateway({ upstream, dataDir, env });
    try {
      const index = await loadedIndex(second);
      assert.equal(index.snapshot, `read ${QUESTIONS.length} entries`);
      assert.equal(index.entries, QUESTIONS.length - 1, 'the deleted entry is not in the index');
      assertSemanticHit(await send(second, ADMIN_KEY, inPartition('snapshot', CLEAR.query)), CLEAR.cached, 0.96);
      const deleted = await send(second, ADMIN_KEY, inPartition('snapshot', QUESTIONS[3]!));
      assert.equal(deleted.cache, 'MISS', 'the deleted entry is served neither exactly nor by meaning');
    } finally {
      await second.close();
    }
  } finally {
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
