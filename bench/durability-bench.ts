// npm run bench:durability: what cache.durability sync costs, and how wide the async window is.
// Two gateway processes, one per mode, on SQLite (or PostgreSQL with BENCH_DATABASE_URL) in front
// of the fake upstream. Misses and hits at concurrency 1 alternate between them request by request,
// and the loaded runs (autocannon) alternate too, so both modes see the same machine load. Then,
// in async mode, the window: how long after an answer was acknowledged its entry appears in the
// SQLite file, alone and while misses pour in. Bounded: about a minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Pool } from 'undici';
import { spawnGateway, spawnPrintingUrl, type ServerProcess } from './bench-processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 500);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const ADMIN_KEY = 'sk-syn-bench-durability-key-0000000000000000';
const HEADERS = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
const MODES = ['async', 'sync'] as const;
type Mode = (typeof MODES)[number];

let counter = 0;
const uniqueQuestion = (label: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: `${label} ${counter++}` }] });
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface Gateway {
  mode: Mode;
  process: ServerProcess;
  pool: Pool;
  dataDir: string;
}

async function timedRequest(gateway: Gateway, body: string): Promise<number> {
  const t0 = performance.now();
  const response = await gateway.pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { ...HEADERS }, body });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  return performance.now() - t0;
}

/** Sequential requests, alternating between the gateways; latency quantiles per mode. */
async function alternating(gateways: Gateway[], n: number, body: (mode: Mode) => string): Promise<Map<Mode, number[]>> {
  const samples = new Map<Mode, number[]>(gateways.map((g) => [g.mode, []]));
  for (let i = 0; i < n; i++) for (const gateway of gateways) samples.get(gateway.mode)!.push(await timedRequest(gateway, body(gateway.mode)));
  for (const list of samples.values()) list.sort((a, b) => a - b);
  return samples;
}

/** Two autocannon runs per mode, interleaved; requests/s averaged, latency of the runs pooled. */
async function loaded(gateways: Gateway[], body: (mode: Mode) => string | (() => string)): Promise<Map<Mode, { rps: number; p50: number; p99: number }>> {
  const runs = new Map<Mode, Array<{ rps: number; p50: number; p99: number }>>(gateways.map((g) => [g.mode, []]));
  for (let round = 0; round < 2; round++) {
    for (const gateway of gateways) {
      const made = body(gateway.mode);
      const request =
        typeof made === 'string'
          ? { method: 'POST' as const, headers: { ...HEADERS }, body: made }
          : { method: 'POST' as const, setupRequest: (r: object) => ({ ...r, headers: { ...HEADERS }, body: made() }) };
      const result = await autocannon({ url: gateway.process.url + '/v1/chat/completions', connections: CONNECTIONS, duration: SECONDS, requests: [request] });
      if (result.errors + result.non2xx > 0) throw new Error(`${result.errors + result.non2xx} failed requests`);
      runs.get(gateway.mode)!.push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return new Map([...runs].map(([mode, list]) => [mode, { rps: mean(list.map((r) => r.rps)), p50: mean(list.map((r) => r.p50)), p99: mean(list.map((r) => r.p99)) }]));
}

/** Milliseconds from each acknowledged miss until its row is in the SQLite file (polled). */
async function windowSamples(gateway: Gateway, n: number): Promise<number[]> {
  const db = new Database(join(gateway.dataDir, 'synapse.db'), { readonly: true, fileMustExist: true });
  const find = db.prepare('SELECT 1 FROM cache_entries WHERE instr(response, ?) > 0');
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const response = await gateway.pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { ...HEADERS }, body: uniqueQuestion('window') });
      const { id } = (await response.body.json()) as { id: string };
      const acked = performance.now();
      while (!find.get(`"${id}"`)) {
        if (performance.now() - acked > 5_000) throw new Error('entry never written');
        await new Promise((resolve) => setImmediate(resolve));
      }
      samples.push(performance.now() - acked);
    }
  } finally {
    db.close();
  }
  return samples.sort((a, b) => a - b);
}

const schemaOf = (mode: Mode) => `bench_durability_${mode}_${process.pid}`;

async function dropSchemas(): Promise<void> {
  if (!DATABASE_URL) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const mode of MODES) await client.query(`DROP SCHEMA IF EXISTS ${schemaOf(mode)} CASCADE`);
  } finally {
    await client.end();
  }
}

async function startGateway(mode: Mode, upstreamUrl: string): Promise<Gateway> {
  const dataDir = mkdtempSync(join(tmpdir(), `synapse-bench-durability-${mode}-`));
  const process_ = await spawnGateway(join(root, 'src/main.js'), {
    SYNAPSE_DATA_DIR: dataDir,
    SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
    OPENAI_BASE_URL: upstreamUrl,
    SYNAPSE_CACHE_DURABILITY: mode,
    SYNAPSE_PROXY_RPS: '1000000',
    SYNAPSE_CACHE_MAX_ENTRIES: '1000000',
    SYNAPSE_LOG_LEVEL: 'warn',
    ...(DATABASE_URL ? { SYNAPSE_DATABASE_URL: DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schemaOf(mode) } : {}),
  });
  return { mode, process: process_, pool: new Pool(process_.url, { connections: 1 }), dataDir };
}

async function main(): Promise<void> {
  const upstream = await spawnPrintingUrl(join(root, 'test/fake-upstream/main.js'));
  const gateways: Gateway[] = [];
  try {
    for (const mode of MODES) gateways.push(await startGateway(mode, upstream.url));
    const hitBodies = new Map(MODES.map((mode) => [mode, uniqueQuestion(`hit ${mode}`)]));
    await alternating(gateways, 5, (mode) => hitBodies.get(mode)!); // warm: the hit entries exist
    const missC1 = await alternating(gateways, SEQUENTIAL, () => uniqueQuestion('miss'));
    const hitC1 = await alternating(gateways, SEQUENTIAL, (mode) => hitBodies.get(mode)!);
    const missLoaded = await loaded(gateways, () => () => uniqueQuestion('loaded-miss'));
    const hitLoaded = await loaded(gateways, (mode) => hitBodies.get(mode)!);

    console.log(`# cache.durability on ${DATABASE_URL ? 'PostgreSQL' : 'SQLite'}: ${SEQUENTIAL} sequential misses and hits per mode (alternating), 2 x ${SECONDS} s of autocannon per mode and scenario (${CONNECTIONS} connections)`);
    console.log('| scenario | async p50 ms | sync p50 ms | async p99 ms | sync p99 ms | async req/s | sync req/s |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, samples] of [['miss, concurrency 1', missC1], ['hit, concurrency 1', hitC1]] as const) {
      const [a, s] = [samples.get('async')!, samples.get('sync')!];
      const rps = (list: number[]) => (1000 / (list.reduce((x, y) => x + y, 0) / list.length)).toFixed(0);
      console.log(`| ${name} | ${quantile(a, 0.5).toFixed(2)} | ${quantile(s, 0.5).toFixed(2)} | ${quantile(a, 0.99).toFixed(2)} | ${quantile(s, 0.99).toFixed(2)} | ${rps(a)} | ${rps(s)} |`);
    }
    for (const [name, result] of [[`miss, ${CONNECTIONS} connections`, missLoaded], [`hit, ${CONNECTIONS} connections`, hitLoaded]] as const) {
      const [a, s] = [result.get('async')!, result.get('sync')!];
      console.log(`| ${name} | ${a.p50.toFixed(1)} | ${s.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${s.p99.toFixed(1)} | ${a.rps.toFixed(0)} | ${s.rps.toFixed(0)} |`);
    }

    if (!DATABASE_URL) {
      const asyncGateway = gateways[0]!;
      const idle = await windowSamples(asyncGateway, 200);
      const background = autocannon({
        url: asyncGateway.process.url + '/v1/chat/completions',
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [{ method: 'POST', setupRequest: (r: object) => ({ ...r, headers: { ...HEADERS }, body: uniqueQuestion('background') }) }],
      });
      const busy = await windowSamples(asyncGateway, 100);
      await background;
      console.log('\n# async window: ms from an acknowledged miss until its entry is in the SQLite file');
      console.log('| traffic | p50 ms | p99 ms | max ms |');
      console.log('|---|---:|---:|---:|');
      for (const [name, s] of [['idle', idle], [`while ${CONNECTIONS} connections send misses`, busy]] as const) {
        console.log(`| ${name} | ${quantile(s, 0.5).toFixed(2)} | ${quantile(s, 0.99).toFixed(2)} | ${s.at(-1)!.toFixed(2)} |`);
      }
    }
  } finally {
    for (const gateway of gateways) {
      await gateway.pool.close();
      await gateway.process.stop();
      rmSync(gateway.dataDir, { recursive: true, force: true });
    }
    await upstream.stop();
    await dropSchemas();
  }
}

await main();
