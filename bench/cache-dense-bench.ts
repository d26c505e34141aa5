// The dense half of npm run bench:cache: a 384-dimension embedder (the built-in one's dense
// variant) behind the semantic cache over SQLite, in-process. Fills the store with N entries,
// loads the index as a restarted instance would (HNSW graphs when hnswlib-node loads), times
// paraphrase lookups through SemanticCache.find (embedding, graph search, candidate texts read
// from the store, verification), and measures the graph's recall of the exact nearest entry
// against a full scan, and the memory per entry the index takes. BENCH_CACHE_ANN_EF sets the
// graphs' search beam (default 64, as cache.semantic.annEf).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEquivalent } from '../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticCache } from '../src/domain/cache/semantic/semantic-cache.js';
import { loadHnsw } from '../src/domain/cache/semantic/vectors/hnsw-library.js';
import { SEARCH_EF } from '../src/domain/cache/semantic/vectors/hnsw-partition.js';
import { TieredDenseIndex } from '../src/domain/cache/semantic/vectors/tiered-dense-index.js';
import { denseSpace } from '../src/domain/cache/semantic/vectors/vector-space.js';
import { silentLogger } from '../src/domain/logger.js';
import { BuiltinEmbedder } from '../src/providers/embeddings/builtin/builtin-embedder.js';
import type { CacheEntry } from '../src/stores/ports/cache-store.js';
import { openSqliteStorage } from '../src/stores/sqlite/sqlite-storage.js';

export interface DenseFigures {
  size: number;
  fillSecs: number;
  loadSecs: number;
  bytesPerEntry: number;
  hitP50: number;
  hitP99: number;
  recall: number;
  index: string;
}

const DIMENSIONS = 384;
const TENANT = 'bench';
const ANN_FROM = 4096;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function rssBytes(gc: () => void): number {
  gc();
  return process.memoryUsage().rss;
}

export async function runDense(
  size: number,
  samples: number,
  question: (i: number) => string,
  paraphrase: (i: number) => string,
  gc: () => void,
  recallQueries: number,
): Promise<DenseFigures> {
  const hnsw = loadHnsw();
  const searchEf = Number(process.env.BENCH_CACHE_ANN_EF ?? SEARCH_EF);
  const ann = { library: hnsw.library, annFrom: ANN_FROM, searchEf };
  const embedder = new BuiltinEmbedder({ dimensions: DIMENSIONS });
  const space = denseSpace(embedder, ann);
  const dir = mkdtempSync(join(tmpdir(), 'synapse-dense-bench-'));
  const storage = await openSqliteStorage(dir);
  const metrics = { recordEmbedderFailure: () => undefined };
  try {
    const probe = new SemanticCache(space, verifyEquivalent, storage.cache, metrics, silentLogger, async () => undefined);
    const partition = probe.describe(TENANT, { model: 'm', messages: [{ role: 'user', content: question(0) }] })!.partition;
    const started = performance.now();
    const now = Date.now();
    for (let from = 0; from < size; from += 5_000) {
      const batch: CacheEntry[] = [];
      for (let i = from; i < Math.min(size, from + 5_000); i++) {
        const text = question(i);
        const vector = embedder.embedOne(text);
        batch.push({
          id: `ce_${i}`, tenantId: TENANT, cacheKey: `k${i}`, model: 'm', response: { i }, promptTokens: 1, completionTokens: 1, sizeBytes: 10,
          createdAt: now, expiresAt: now + 86_400_000, lastHitAt: now, hitCount: 0,
          semantic: { partition, text, context: [], embedderId: space.id, vector },
        });
      }
      await storage.cache.putEntries(batch);
    }
    const fillSecs = (performance.now() - started) / 1000;

    const before = rssBytes(gc);
    const cache = new SemanticCache(space, verifyEquivalent, storage.cache, metrics, silentLogger, async () => undefined, Date.now, {
      indexBytes: 0,
      textsInMemory: 10_000,
    });
    const loadStarted = performance.now();
    await cache.start();
    const loadSecs = (performance.now() - loadStarted) / 1000;
    const bytesPerEntry = (rssBytes(gc) - before) / size;

    const picks = Array.from({ length: samples }, (_, k) => Math.floor(((k + 0.5) * size) / samples));
    const times: number[] = [];
    for (const i of picks) {
      const t0 = performance.now();
      const found = await cache.find(TENANT, cache.describe(TENANT, { model: 'm', messages: [{ role: 'user', content: paraphrase(i) }] })!, 0.9);
      times.push(performance.now() - t0);
      if (found.cacheKey !== `k${i}`) throw new Error(`dense: expected k${i} for "${paraphrase(i)}", got ${JSON.stringify(found)}`);
    }
    times.sort((a, b) => a - b);
    await cache.close();
    gc();

    // Recall: the graph's nearest entry against a full scan, for paraphrases and for other questions.
    const rows = new Float32Array(size * DIMENSIONS);
    const graph = new TieredDenseIndex(DIMENSIONS, ann);
    for (let i = 0; i < size; i++) {
      const vector = embedder.embedOne(question(i));
      rows.set(vector, i * DIMENSIONS);
      graph.add(`k${i}`, partition, vector);
    }
    const half = Math.max(1, Math.floor(recallQueries / 2));
    const spread = Array.from({ length: half }, (_, k) => Math.floor(((k + 0.5) * size) / half));
    const queries = [...spread.map(paraphrase), ...spread.map((i) => `What do historians say about ${question(i).slice(29)}`)];
    let agree = 0;
    for (const text of queries) {
      const query = embedder.embedOne(text);
      let best = -Infinity;
      let bestRow = -1;
      for (let row = 0; row < size; row++) {
        let dot = 0;
        const offset = row * DIMENSIONS;
        for (let d = 0; d < DIMENSIONS; d++) dot += rows[offset + d]! * query[d]!;
        if (dot > best) [best, bestRow] = [dot, row];
      }
      const found = graph.nearest(partition, query, 1)[0];
      if (found?.id === `k${bestRow}` || (found && Math.abs(found.similarity - best) < 1e-6)) agree++; // ties count
    }
    return {
      size,
      fillSecs,
      loadSecs,
      bytesPerEntry,
      hitP50: percentile(times, 0.5),
      hitP99: percentile(times, 0.99),
      recall: agree / queries.length,
      index: hnsw.library ? `hnsw (from ${ANN_FROM} per partition, ef ${searchEf})` : `exact scan: ${hnsw.reason}`,
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
