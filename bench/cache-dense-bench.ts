// The dense half of npm run bench:cache: a 384-dimension embedder (the built-in one's dense
// variant) behind the semantic cache over SQLite, in-process. Fills the store with N entries (or
// reuses BENCH_CACHE_DATA_DIR/dense-N), starts the cache without a snapshot (the HNSW graph is
// rebuilt from the store; closing writes the snapshot), then restarts it on the snapshot (read
// back and reconciled with the store) and measures that: the time to a loaded index, the RSS it
// adds per entry, paraphrase lookups through SemanticCache.find (embedding, graph search,
// candidate texts read from the store, verification), and the graph's recall of the exact
// nearest entry against a full scan. BENCH_CACHE_ANN_EF sets the search beam (default as
// cache.semantic.annEf); BENCH_CACHE_RECALL_EFS=64,128,... also prints the recall and the graph's
// search time at other beams, on the same graph and queries.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEquivalent } from '../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticCache } from '../src/domain/cache/semantic/semantic-cache.js';
import { loadHnsw } from '../src/domain/cache/semantic/vectors/hnsw-library.js';
import { BUILD_EF, FIRST_PASS_EF, LINKS, SEARCH_EF } from '../src/domain/cache/semantic/vectors/hnsw-partition.js';
import { TieredDenseIndex, type TieredDenseOptions } from '../src/domain/cache/semantic/vectors/tiered-dense-index.js';
import { denseSpace, type VectorSpace } from '../src/domain/cache/semantic/vectors/vector-space.js';
import { silentLogger } from '../src/domain/logger.js';
import { BuiltinEmbedder } from '../src/providers/embeddings/builtin/builtin-embedder.js';
import type { CacheEntry } from '../src/stores/ports/cache-store.js';
import type { Storage } from '../src/stores/ports/storage.js';
import { openSqliteStorage } from '../src/stores/sqlite/sqlite-storage.js';

export interface DenseFigures {
  size: number;
  /** Undefined: the filled store was reused. */
  fillSecs: number | undefined;
  /** Loading without a snapshot (graph rebuilt) and writing the snapshot at close; undefined when one existed. */
  rebuildSecs: number | undefined;
  writeSecs: number | undefined;
  snapshotMB: number;
  /** A restart on the snapshot: until the index is loaded and reconciled, and what the snapshot gave. */
  loadSecs: number;
  snapshot: string;
  bytesPerEntry: number;
  hitP50: number;
  hitP99: number;
  recall: number;
  recallParaphrases: number;
  recallOthers: number;
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

function bytesUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, item) => {
    const path = join(dir, item.name);
    return sum + (item.isDirectory() ? bytesUnder(path) : statSync(path).size);
  }, 0);
}

const secsSince = (started: number): number => (performance.now() - started) / 1000;

export function denseTableHeader(): string {
  return [
    '| entries | index | fill s | rebuild s (no snapshot) | snapshot write s | snapshot MB | restart: index loaded s | snapshot | index bytes/entry (RSS) | hit p50 | hit p99 | recall@1 vs exact (paraphrases / others) |',
    '|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|',
  ].join('\n');
}

export function denseTableRow(d: DenseFigures): string {
  const secs = (value: number | undefined, otherwise: string) => (value === undefined ? otherwise : value.toFixed(1));
  return `| ${d.size} | ${d.index} | ${secs(d.fillSecs, 'reused')} | ${secs(d.rebuildSecs, 'snapshot existed')} | ${secs(d.writeSecs, '-')} | ${d.snapshotMB.toFixed(0)} | ${d.loadSecs.toFixed(2)} | ${d.snapshot} | ${d.bytesPerEntry.toFixed(0)} | ${d.hitP50.toFixed(3)} | ${d.hitP99.toFixed(3)} | ${d.recall.toFixed(3)} (${d.recallParaphrases.toFixed(3)} / ${d.recallOthers.toFixed(3)}) |`;
}

async function fill(storage: Storage, space: VectorSpace<Float32Array>, embedder: BuiltinEmbedder, partition: string, size: number, question: (i: number) => string): Promise<void> {
  const now = Date.now();
  for (let from = 0; from < size; from += 5_000) {
    const batch: CacheEntry[] = [];
    for (let i = from; i < Math.min(size, from + 5_000); i++) {
      const text = question(i);
      batch.push({
        id: `ce_${i}`, tenantId: TENANT, cacheKey: `k${i}`, model: 'm', response: { i }, promptTokens: 1, completionTokens: 1, sizeBytes: 10,
        createdAt: now, expiresAt: now + 30 * 86_400_000, lastHitAt: now, hitCount: 0,
        semantic: { partition, text, context: [], embedderId: space.id, vector: embedder.embedOne(text) },
      });
    }
    await storage.cache.putEntries(batch);
  }
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
  const keep = process.env.BENCH_CACHE_DATA_DIR;
  const dir = keep ? join(keep, `dense-${size}`) : mkdtempSync(join(tmpdir(), 'synapse-dense-bench-'));
  mkdirSync(dir, { recursive: true });
  const snapshotDir = join(dir, 'semantic-index');
  const ann: TieredDenseOptions = { library: hnsw.library, annFrom: ANN_FROM, searchEf, snapshotDir };
  const embedder = new BuiltinEmbedder({ dimensions: DIMENSIONS });
  const space = denseSpace(embedder, ann);
  const storage = await openSqliteStorage(dir);
  const metrics = { recordEmbedderFailure: () => undefined };
  const openCache = () =>
    new SemanticCache(space, verifyEquivalent, storage.cache, metrics, silentLogger, async () => undefined, Date.now, { indexBytes: 0, textsInMemory: 10_000 });
  try {
    const partition = openCache().describe(TENANT, { model: 'm', messages: [{ role: 'user', content: question(0) }] })!.partition;
    let fillSecs: number | undefined;
    if (!existsSync(join(dir, 'filled'))) {
      const started = performance.now();
      await fill(storage, space, embedder, partition, size, question);
      fillSecs = secsSince(started);
      writeFileSync(join(dir, 'filled'), String(size));
    }

    let rebuildSecs: number | undefined;
    let writeSecs: number | undefined;
    if (!existsSync(join(snapshotDir, 'manifest.json'))) {
      const first = openCache();
      const started = performance.now();
      await first.start();
      rebuildSecs = secsSince(started);
      const closing = performance.now();
      await first.close(); // waits for the snapshot the load started
      writeSecs = secsSince(closing);
      gc();
    }

    const before = rssBytes(gc);
    const cache = openCache();
    const loadStarted = performance.now();
    await cache.start();
    const loadSecs = secsSince(loadStarted);
    const bytesPerEntry = (rssBytes(gc) - before) / size;
    const snapshot = cache.state().snapshot ?? 'none';

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

    // Recall: the graph read back from the same snapshot against a full scan, for paraphrases and other questions.
    const rows = new Float32Array(size * DIMENSIONS);
    for (let i = 0; i < size; i++) rows.set(embedder.embedOne(question(i)), i * DIMENSIONS);
    const half = Math.max(1, Math.floor(recallQueries / 2));
    const spread = Array.from({ length: half }, (_, k) => Math.floor(((k + 0.5) * size) / half));
    const queries = [...spread.map(paraphrase), ...spread.map((i) => `What do historians say about ${question(i).slice(29)}`)].map((text) => {
      const vector = embedder.embedOne(text);
      let best = -Infinity;
      let bestRow = -1;
      for (let row = 0; row < size; row++) {
        let dot = 0;
        const offset = row * DIMENSIONS;
        for (let d = 0; d < DIMENSIONS; d++) dot += rows[offset + d]! * vector[d]!;
        if (dot > best) [best, bestRow] = [dot, row];
      }
      return { vector, best, bestRow };
    });
    const share = (list: boolean[]) => list.filter(Boolean).length / list.length;
    const recallAt = async (ef: number): Promise<{ agree: boolean[]; searchP50: number }> => {
      gc(); // the previous graph's native memory
      const graph = new TieredDenseIndex(DIMENSIONS, { ...ann, searchEf: ef }, space.id);
      const restored = await graph.restore();
      if (hnsw.library && restored.outcome !== 'read') throw new Error(`dense: the snapshot could not be read back: ${restored.outcome}`);
      if (!hnsw.library) for (let i = 0; i < size; i++) graph.add(`${TENANT}:k${i}`, partition, rows.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS));
      const searches: number[] = [];
      const agree = queries.map(({ vector, best, bestRow }) => {
        const t0 = performance.now();
        const found = graph.nearest(partition, vector, 1)[0];
        searches.push(performance.now() - t0);
        const row = found && Number(found.id.slice(`${TENANT}:k`.length)); // ids as the cache's index has them
        return row === bestRow || (found !== undefined && Math.abs(found.similarity - best) < 1e-6); // ties count
      });
      return { agree, searchP50: percentile(searches.sort((a, b) => a - b), 0.5) };
    };
    for (const ef of (process.env.BENCH_CACHE_RECALL_EFS ?? '').split(',').filter(Boolean).map(Number)) {
      const { agree, searchP50 } = await recallAt(ef);
      console.log(
        `# ${size} entries, ef ${ef}: recall ${share(agree).toFixed(3)} (paraphrases ${share(agree.slice(0, half)).toFixed(3)}, others ${share(agree.slice(half)).toFixed(3)}), graph search p50 ${searchP50.toFixed(3)} ms`,
      );
    }
    const { agree } = await recallAt(searchEf);
    return {
      size,
      fillSecs,
      rebuildSecs,
      writeSecs,
      snapshotMB: bytesUnder(snapshotDir) / 1e6,
      loadSecs,
      snapshot,
      bytesPerEntry,
      hitP50: percentile(times, 0.5),
      hitP99: percentile(times, 0.99),
      recall: share(agree),
      recallParaphrases: share(agree.slice(0, half)),
      recallOthers: share(agree.slice(half)),
      index: hnsw.library ? `hnsw (from ${ANN_FROM} per partition, M ${LINKS}, efConstruction ${BUILD_EF}, lookups ef ${FIRST_PASS_EF} then ${searchEf})` : `exact scan: ${hnsw.reason}`,
    };
  } finally {
    await storage.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
