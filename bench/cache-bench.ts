// npm run bench:cache [-- --size=100000] — lookup latency of the response cache through HTTP at
// concurrency 1 (exact hits, semantic hits, misses) at a given size (--size / --sizes, or
// BENCH_CACHE_SIZES; default 100k), on each backend of BENCH_CACHE_BACKENDS (default
// `sqlite,postgres`; postgres means PostgreSQL with Redis as the shared tier, cache-bench-backends.ts),
// the time to fill it, the time a restarted gateway takes to be ready and to have its semantic
// index loaded, and resident memory once it has. The fill runs in a process of its own
// (cache-bench-fill.ts: entries stored through the cache's own code, BENCH_CACHE_FILL_CONCURRENCY
// in flight, default 32); BENCH_CACHE_MILESTONES=n also stores n milestones through the memory API
// first, so the restart meets both (then `/ready s` and `index loaded s` wait for both indexes).
// BENCH_CACHE_DATA_DIR keeps the filled data (directory, schema, Redis keys) and reuses it on the
// next run of the same size. A second table (cache-dense-bench.ts) does the same for a
// 384-dimension dense embedder with the HNSW index, with its recall of the exact nearest entry
// (BENCH_CACHE_DENSE=0 skips it, and BENCH_CACHE_SPARSE=0 the first).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { startFakeUpstream } from '../test/fake-upstream/fake-upstream.js';
import { backendTarget, parseBackends, postgresUnavailable, type BackendTarget, type CacheBenchBackend } from './cache-bench-backends.js';
import { CACHE_MARKER, MILESTONES_MARKER, body, paraphrase, question, topic, type FillOrder } from './cache-bench-entries.js';
import { denseTableHeader, denseTableRow, runDense } from './cache-dense-bench.js';

const flag = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const SIZES = (flag('size') ?? flag('sizes') ?? process.env.BENCH_CACHE_SIZES ?? '100000').split(',').map(Number);
const BACKENDS = parseBackends(process.env.BENCH_CACHE_BACKENDS ?? 'sqlite,postgres');
const MILESTONES = Number(process.env.BENCH_CACHE_MILESTONES ?? 0);
const FILL_CONCURRENCY = Number(process.env.BENCH_CACHE_FILL_CONCURRENCY ?? 32);
const KEEP_DIR = process.env.BENCH_CACHE_DATA_DIR;
const DENSE = process.env.BENCH_CACHE_DENSE !== '0';
const SPARSE = process.env.BENCH_CACHE_SPARSE !== '0';
const RECALL_QUERIES = Number(process.env.BENCH_CACHE_RECALL_QUERIES ?? 300);
const SAMPLES = Number(process.env.BENCH_CACHE_SAMPLES ?? 300);
const ADMIN_KEY = 'sk-syn-bench-admin-key-000000000000000000000';

async function timeRequests(url: string, token: string, contents: string[], expected: string): Promise<{ p50: number; p99: number }> {
  const pool = new Pool(url, { connections: 1 });
  const samples: number[] = [];
  for (const content of contents) {
    const t0 = performance.now();
    const response = await pool.request({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body(content)),
    });
    await response.body.text();
    samples.push(performance.now() - t0);
    const status = `${response.headers['x-synapse-cache-status']}`;
    const source = expected === 'semantic' ? 'HIT' : expected === 'exact' ? 'HIT' : 'MISS';
    if (status !== source) throw new Error(`expected ${expected}, got ${status} for "${content}"`);
  }
  await pool.close();
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

async function listen(env: Record<string, string>): Promise<{ gateway: Gateway; url: string; startSecs: number }> {
  const started = performance.now();
  const gateway = await createGateway(loadConfig({ cwd: env.SYNAPSE_DATA_DIR!, env }));
  const startSecs = (performance.now() - started) / 1000;
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const address = gateway.app.server.address();
  return { gateway, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, startSecs };
}

/** Runs a full collection when node was started with --expose-gc (npm run bench:cache does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface ReadyBody {
  checks?: Record<string, string>;
  details?: { semantic_index?: { state: string } };
}

/**
 * Polls /ready until it answers 200, then until the semantic index (and, when `milestones`, the
 * memory search's vector index) has loaded; seconds for each.
 */
async function waitReady(url: string, started: number, milestones: boolean): Promise<{ readySecs: number; indexSecs: number }> {
  let readySecs: number | undefined;
  for (;;) {
    const response = await fetch(url + '/ready').catch(() => undefined);
    if (response?.status === 200) {
      if (readySecs === undefined) {
        readySecs = (performance.now() - started) / 1000;
        console.error(`# /ready answered 200 after ${readySecs.toFixed(2)} s; waiting for the indexes to load`);
      }
      const ready = (await response.json()) as ReadyBody;
      const state = ready.details?.semantic_index?.state;
      const memory = ready.checks?.memory_search;
      if (state === 'failed' || memory === 'failed') throw new Error(`an index failed to load: ${JSON.stringify(ready)}`);
      if (state === 'ready' && (!milestones || memory === 'ok')) return { readySecs, indexSecs: (performance.now() - started) / 1000 };
    } else {
      await response?.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fills what the data directory lacks in a process of its own; the fill's seconds, or `reused`. */
async function fill(dataDir: string, env: Record<string, string>, size: number): Promise<{ entries: string; milestones: string }> {
  const marker = (name: string): string | undefined => (existsSync(join(dataDir, name)) ? readFileSync(join(dataDir, name), 'utf8') : undefined);
  const before = { entries: marker(CACHE_MARKER), milestones: marker(MILESTONES_MARKER) };
  const order: FillOrder = {
    dataDir,
    env,
    entries: before.entries === undefined ? size : 0,
    milestones: before.milestones === undefined ? MILESTONES : 0,
    concurrency: FILL_CONCURRENCY,
  };
  if (order.entries > 0 || order.milestones > 0) {
    const script = fileURLToPath(new URL('./cache-bench-fill.js', import.meta.url));
    const child = spawn(process.execPath, ['--max-old-space-size=12000', script, JSON.stringify(order)], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the fill exited with ${code}`);
  }
  const secs = (kept: string | undefined, name: string): string => (kept !== undefined ? 'reused' : Number(marker(name)).toFixed(1));
  return { entries: secs(before.entries, CACHE_MARKER), milestones: MILESTONES > 0 ? secs(before.milestones, MILESTONES_MARKER) : '-' };
}

async function runSize(target: BackendTarget, size: number, upstreamUrl: string): Promise<void> {
  const name = `${target.backend}-${size}${MILESTONES > 0 ? `-m${MILESTONES}` : ''}`;
  const dataDir = KEEP_DIR ? join(KEEP_DIR, name) : mkdtempSync(join(tmpdir(), 'synapse-cache-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const env: Record<string, string> = {
    SYNAPSE_DATA_DIR: dataDir,
    SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
    OPENAI_BASE_URL: upstreamUrl,
    SYNAPSE_LOG_LEVEL: 'warn',
    SYNAPSE_PROXY_RPS: '1000000',
    SYNAPSE_CACHE_MAX_ENTRIES: String(size * 2),
    SYNAPSE_CACHE_MEMORY_ENTRIES: '10000',
    ...(process.env.SYNAPSE_CACHE_INDEX_BYTES ? { SYNAPSE_CACHE_INDEX_BYTES: process.env.SYNAPSE_CACHE_INDEX_BYTES } : {}),
    ...target.env,
  };
  try {
    const filled = await fill(dataDir, env, size);
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const { gateway, url, startSecs } = await listen(env);
    const { readySecs, indexSecs } = await waitReady(url, started, MILESTONES > 0);
    collectGarbage();
    const { rss, heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
    const index = gateway.deps.cache!.semantic!.state();
    const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
    console.error(`# loaded after ${indexSecs.toFixed(1)} s: RSS ${mb(rss)} MB (${mb(rssBefore)} before the start), heap ${mb(heapUsed)} of ${mb(heapTotal)} MB, array buffers ${mb(arrayBuffers)} MB, ${index.entries} indexed`);
    const picks = Array.from({ length: SAMPLES }, (_, k) => Math.floor(((k + 0.5) * size) / SAMPLES));
    // Entries were filled in order, so with a budget the index holds the most recent ones: paraphrases
    // ask those (5% margin: the misses of earlier runs on a reused directory are more recent still).
    const indexedFrom = index.evicted > 0 ? Math.min(size - 1, size - Math.floor(index.entries * 0.95)) : 0;
    const semanticPicks = picks.map((i) => indexedFrom + Math.floor((i * (size - indexedFrom)) / size));
    const exact = await timeRequests(url, ADMIN_KEY, picks.map(question), 'exact');
    const semantic = await timeRequests(url, ADMIN_KEY, semanticPicks.map(paraphrase), 'semantic');
    // New topics on every run: a reused data directory holds the misses of earlier runs.
    const salt = size + Math.floor(Math.random() * 1e6) * SAMPLES;
    const miss = await timeRequests(url, ADMIN_KEY, picks.map((_, k) => `Explain the geology of ${topic(salt + k)} in detail`), 'miss');
    const ms = (v: number): string => v.toFixed(3);
    console.log(
      `| ${target.label} | ${size} | ${MILESTONES} | ${filled.entries} | ${filled.milestones} | ${startSecs.toFixed(2)} | ${readySecs.toFixed(2)} | ${indexSecs.toFixed(1)} | ` +
        `${mb(rssBefore)} | ${mb(rss)} | ${mb(heapUsed)} | ${mb(heapTotal)} | ${mb(arrayBuffers)} | ${mb(index.bytes)} | ${index.entries} | ` +
        `${ms(exact.p50)} | ${ms(exact.p99)} | ${ms(semantic.p50)} | ${ms(semantic.p99)} | ${ms(miss.p50)} | ${ms(miss.p99)} |`,
    );
    await gateway.close();
  } finally {
    if (!KEEP_DIR) {
      rmSync(dataDir, { recursive: true, force: true });
      await target.drop();
    }
  }
}

async function runBackend(backend: CacheBenchBackend, upstreamUrl: string): Promise<void> {
  const unavailable = backend === 'postgres' ? await postgresUnavailable() : undefined;
  if (unavailable) {
    console.log(`| postgres + redis | skipped: ${unavailable} |`);
    return;
  }
  for (const size of SIZES) {
    await runSize(backendTarget(backend, KEEP_DIR ? `${size}${MILESTONES > 0 ? `_m${MILESTONES}` : ''}` : undefined), size, upstreamUrl);
  }
}

if (SPARSE) {
  const upstream = await startFakeUpstream({ recordCalls: false });
  console.log(`# built-in embedder (sparse), through HTTP at concurrency 1, ${SAMPLES} requests of each kind (times in ms); RSS of the bench process before the restart and once loaded`);
  console.log(
    '| backend | entries | milestones | fill s | milestone fill s | start s | /ready s | index loaded s | RSS before MB | RSS MB | heap used MB | heap total MB | array buffers MB | index estimate MB | indexed | exact p50 | exact p99 | semantic p50 | semantic p99 | miss p50 | miss p99 |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const backend of BACKENDS) await runBackend(backend, upstream.url);
  await upstream.close();
}
if (DENSE) {
  console.log(`\n# 384-dimension dense embedder, SemanticCache.find in-process (embed, index, texts from SQLite, verify), ${SAMPLES} paraphrases (ms)`);
  console.log(denseTableHeader());
  for (const size of SIZES) console.log(denseTableRow(await runDense(size, SAMPLES, question, paraphrase, collectGarbage, RECALL_QUERIES)));
}
