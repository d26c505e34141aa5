// npm run bench:cache — lookup latency of the response cache through HTTP at concurrency 1 (exact
// hits, semantic hits, misses) with 10k, 100k and 1M cached entries (BENCH_CACHE_SIZES to
// change), plus resident memory and the time a gateway takes to start on that data directory.
// Entries are inserted through the cache's own code (embedding, index, store) in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { computeCacheKey } from '../src/domain/cache/cache-key.js';
import type { ChatCompletion, ChatRequestBody } from '../src/protocols/chat/chat-types.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { startFakeUpstream } from '../test/fake-upstream/fake-upstream.js';

const SIZES = (process.env.BENCH_CACHE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
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

async function runSize(size: number, upstreamUrl: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-cache-bench-'));
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
    },
  });
  try {
    const first = await listen(config);
    const populateSecs = await populate(first.gateway, size);
    await first.gateway.close();
    collectGarbage(); // so the figures below are the restarted gateway's, not the filling one's
    const { gateway, url, startSecs } = await listen(config);
    collectGarbage();
    const { rss, heapUsed } = process.memoryUsage();
    const rssMb = rss / 1e6;
    const heapMb = heapUsed / 1e6;
    const picks = Array.from({ length: SAMPLES }, (_, k) => Math.floor(((k + 0.5) * size) / SAMPLES));
    const exact = await timeRequests(url, ADMIN_KEY, picks.map(question), 'exact');
    const semantic = await timeRequests(url, ADMIN_KEY, picks.map(paraphrase), 'semantic');
    const miss = await timeRequests(url, ADMIN_KEY, picks.map((i) => `Explain the geology of ${topic(size + i)} in detail`), 'miss');
    const row = [size, exact.p50, exact.p99, semantic.p50, semantic.p99, miss.p50, miss.p99].map((v, k) => (k === 0 ? String(v) : v.toFixed(3)));
    console.log(`| ${row.join(' | ')} | ${rssMb.toFixed(0)} | ${heapMb.toFixed(0)} | ${startSecs.toFixed(2)} | ${populateSecs.toFixed(1)} |`);
    await gateway.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const upstream = await startFakeUpstream({ recordCalls: false });
console.log(`# concurrency 1, ${SAMPLES} requests of each kind, through HTTP (ms); built-in embedder`);
console.log('| entries | exact p50 | exact p99 | semantic p50 | semantic p99 | miss p50 | miss p99 | RSS MB | heap MB | start s | insert s |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const size of SIZES) await runSize(size, upstream.url);
await upstream.close();
