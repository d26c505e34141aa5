// npm run bench:cache [-- --size=100000] — lookup latency of the response cache through HTTP at
// concurrency 1 (exact hits, semantic hits, misses) at a given size (--size / --sizes, or
// BENCH_CACHE_SIZES; default 100k), the time to fill it, the time a restarted gateway takes to be
// ready and to have its semantic index loaded, and resident memory once it has. Entries are
// inserted through the cache's own code (embedding, index, store) in-process. BENCH_CACHE_DATA_DIR
// keeps the filled data directory there and reuses it on the next run of the same size. A second
// table (cache-dense-bench.ts) does the same for a 384-dimension dense embedder with the HNSW
// index, with its recall of the exact nearest entry (BENCH_CACHE_DENSE=0 skips it, and
// BENCH_CACHE_SPARSE=0 the first).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { computeCacheKey } from '../src/domain/cache/cache-key.js';
import type { ChatCompletion, ChatRequestBody } from '../src/protocols/chat/chat-types.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { startFakeUpstream } from '../test/fake-upstream/fake-upstream.js';
import { denseTableHeader, denseTableRow, runDense } from './cache-dense-bench.js';

const flag = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const SIZES = (flag('size') ?? flag('sizes') ?? process.env.BENCH_CACHE_SIZES ?? '100000').split(',').map(Number);
const KEEP_DIR = process.env.BENCH_CACHE_DATA_DIR;
const DENSE = process.env.BENCH_CACHE_DENSE !== '0';
const SPARSE = process.env.BENCH_CACHE_SPARSE !== '0';
const RECALL_QUERIES = Number(process.env.BENCH_CACHE_RECALL_QUERIES ?? 300);
const SAMPLES = Number(process.env.BENCH_CACHE_SAMPLES ?? 300);
const ADMIN_KEY = 'sk-syn-bench-admin-key-000000000000000000000';
const TENANT = 'default';
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'von', 'sul', 'dra', 'pex', 'qui', 'bor', 'zen', 'tal', 'rim', 'fos', 'gua', 'nel'];

/** A made-up proper noun per index, so every entry is about something different. */
function topic(i: number): string {
  let word = '';
  let n = i + 4096;
  while (n > 0) {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return word[0]!.toUpperCase() + word.slice(1);
}

const question = (i: number): string => `Tell me about the history of ${topic(i)} and why it matters`;
const paraphrase = (i: number): string => `tell me about the history of ${topic(i)}, and why it matters?`;
const body = (content: string): ChatRequestBody => ({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
const completion = (i: number): ChatCompletion => ({
  id: `chatcmpl-${i}`,
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: `Answer about ${topic(i)}.` }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
});

async function populate(gateway: Gateway, size: number): Promise<number> {
  const cache = gateway.deps.cache!;
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    const request = body(question(i));
    const answer = { model: request.model, answer: completion(i), usage: { inputTokens: 12, outputTokens: 5 }, semanticView: request };
    await cache.store(TENANT, computeCacheKey(TENANT, request), answer);
  }
  await cache.exact.flushWrites();
  return (performance.now() - started) / 1000;
}

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

async function listen(config: Config): Promise<{ gateway: Gateway; url: string; startSecs: number }> {
  const started = performance.now();
  const gateway = await createGateway(config);
  const startSecs = (performance.now() - started) / 1000;
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const address = gateway.app.server.address();
  return { gateway, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, startSecs };
}

/** Runs a full collection when node was started with --expose-gc (npm run bench:cache does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Polls /ready until it answers 200, then until the semantic index has loaded; seconds for each. */
async function waitReady(url: string, started: number): Promise<{ readySecs: number; indexSecs: number }> {
  let readySecs: number | undefined;
  for (;;) {
    const response = await fetch(url + '/ready').catch(() => undefined);
    if (response?.status === 200) {
      readySecs ??= (performance.now() - started) / 1000;
      const body = (await response.json()) as { details?: { semantic_index?: { state: string } } };
      const state = body.details?.semantic_index?.state;
      if (state === 'failed') throw new Error('the semantic index failed to load');
      if (state === 'ready') return { readySecs, indexSecs: (performance.now() - started) / 1000 };
    } else {
      await response?.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function runSize(size: number, upstreamUrl: string): Promise<void> {
  const dataDir = KEEP_DIR ? join(KEEP_DIR, `size-${size}`) : mkdtempSync(join(tmpdir(), 'synapse-cache-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const filledMarker = join(dataDir, 'filled');
  const config = loadConfig({
    cwd: dataDir,
    env: {
      SYNAPSE_DATA_DIR: dataDir,
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      OPENAI_BASE_URL: upstreamUrl,
      SYNAPSE_LOG_LEVEL: 'warn',
      SYNAPSE_PROXY_RPS: '1000000',
      SYNAPSE_CACHE_MAX_ENTRIES: String(size * 2),
      SYNAPSE_CACHE_MEMORY_ENTRIES: '10000',
      ...(process.env.SYNAPSE_CACHE_INDEX_BYTES ? { SYNAPSE_CACHE_INDEX_BYTES: process.env.SYNAPSE_CACHE_INDEX_BYTES } : {}),
    },
  });
  try {
    let populateSecs = NaN;
    if (!existsSync(filledMarker)) {
      const first = await listen(config);
      await waitReady(first.url, performance.now());
      populateSecs = await populate(first.gateway, size);
      await first.gateway.close();
      writeFileSync(filledMarker, String(populateSecs));
    }
    collectGarbage(); // so the figures below are the restarted gateway's, not the filling one's
    const started = performance.now();
    const { gateway, url, startSecs } = await listen(config);
    const { readySecs, indexSecs } = await waitReady(url, started);
    collectGarbage();
    const { rss, heapUsed } = process.memoryUsage();
    const index = gateway.deps.cache!.semantic!.state();
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
      `| ${size} | ${Number.isNaN(populateSecs) ? 'reused' : populateSecs.toFixed(1)} | ${startSecs.toFixed(2)} | ${readySecs.toFixed(2)} | ${indexSecs.toFixed(1)} | ` +
        `${(rss / 1e6).toFixed(0)} | ${(heapUsed / 1e6).toFixed(0)} | ${(index.bytes / 1e6).toFixed(0)} | ${index.entries} | ` +
        `${ms(exact.p50)} | ${ms(exact.p99)} | ${ms(semantic.p50)} | ${ms(semantic.p99)} | ${ms(miss.p50)} | ${ms(miss.p99)} |`,
    );
    await gateway.close();
  } finally {
    if (!KEEP_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (SPARSE) {
  const upstream = await startFakeUpstream({ recordCalls: false });
  console.log(`# built-in embedder (sparse), through HTTP at concurrency 1, ${SAMPLES} requests of each kind (times in ms)`);
  console.log(
    '| entries | fill s | start s | /ready s | index loaded s | RSS MB | heap MB | index estimate MB | indexed | exact p50 | exact p99 | semantic p50 | semantic p99 | miss p50 | miss p99 |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of SIZES) await runSize(size, upstream.url);
  await upstream.close();
}
if (DENSE) {
  console.log(`\n# 384-dimension dense embedder, SemanticCache.find in-process (embed, index, texts from SQLite, verify), ${SAMPLES} paraphrases (ms)`);
  console.log(denseTableHeader());
  for (const size of SIZES) console.log(denseTableRow(await runDense(size, SAMPLES, question, paraphrase, collectGarbage, RECALL_QUERIES)));
}
