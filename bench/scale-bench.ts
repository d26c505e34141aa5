// npm run bench:scale — what PostgreSQL + Redis cost and what a second instance brings, in one run:
// throughput and p50/p99 of (i) exact-cache hits, (ii) memory stores, each client on a branch of
// its own, and (iii) memory stores all on one branch, for SQLite with one instance, PostgreSQL +
// Redis with one instance, and PostgreSQL + Redis with two instances (the clients split evenly
// across both). Every gateway runs in its own process; a fixed number of clients each send one
// request after another for BENCH_SECONDS per row (after a warm-up), every latency is recorded.
// On Linux each row also shows the CPU (in cores) the gateways, the load generator and the
// PostgreSQL and Redis servers used, and what the rest of the machine used meanwhile (the kernel's
// share of loopback networking, other work): on a small machine they all share the same cores.
// Uses the tests' PostgreSQL (PG* variables, default postgres@127.0.0.1:5432/test) and Redis
// (REDIS_URL, default redis://127.0.0.1:6379) under a schema and key prefix of its own,
// dropped and deleted at the end.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../test/helpers/postgres-test-database.js';
import { deleteKeys, TEST_REDIS_URL, uniqueKeyPrefix } from '../test/helpers/redis-test-connection.js';
import { spawnGateway, spawnPrintingUrl, type ServerProcess } from './bench-processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ADMIN_KEY = 'sk-syn-bench-admin-key-000000000000000000000';
const JWT_SECRET = 'scale-bench-shared-jwt-secret-0123456789abcdef';
const CHAT_PATH = '/v1/chat/completions';
const question = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is a semantic cache?' }] });

interface Setup {
  name: string;
  instances: number;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

interface Row {
  setup: string;
  instances: number;
  workload: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU the gateway processes used, in cores (1 = one core busy all the time). */
  gatewayCores: number;
  /** CPU this process (the load generator) used, in cores. */
  loadCores: number;
  /** CPU the PostgreSQL and Redis servers used, in cores. */
  backendCores: number;
  /** Share of the whole machine busy (all processes: gateways, load generator, PostgreSQL, Redis). */
  machineBusy: number;
}

/** Linux: CPU seconds a process used so far (utime + stime, in USER_HZ = 100 ticks a second). */
function processCpuSecs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Linux: CPU seconds used so far by the PostgreSQL and Redis server processes on this machine. */
function backendCpuSecs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm === 'postgres' || comm === 'redis-server') total += processCpuSecs(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Linux: busy and total ticks of all CPUs so far. */
function machineTicks(): { busy: number; total: number } {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const ticks = values.map(Number);
    const idle = ticks[3]! + (ticks[4] ?? 0);
    const total = ticks.reduce((sum, tick) => sum + tick, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** What a client sends: its n-th request's path and body. */
type Workload = (client: number, n: number) => { path: string; body: string };

/** CLIENTS clients, split evenly over the instances, each sending one request after another. */
async function drive(urls: string[], token: string, seconds: number, workload: Workload): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const pools = urls.map((url) => new Pool(url, { connections: Math.ceil(CLIENTS / urls.length), pipelining: 1 }));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const pool = pools[client % pools.length]!;
      for (let n = 0; performance.now() < deadline; n++) {
        const { path, body } = workload(client, n);
        const t0 = performance.now();
        try {
          const response = await pool.request({ method: 'POST', path, headers, body });
          await response.body.text();
          if (response.statusCode >= 300) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(pools.map((pool) => pool.close()));
  latencies.sort((x, y) => x - y);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

async function json(url: string, path: string, auth: string | undefined, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const storeBody = (branchName: string, thisContribution: string): string =>
  JSON.stringify({
    branchName,
    branchPurpose: 'Benchmark branch',
    cumulativeProgress: 'Measuring how fast milestones are stored',
    thisContribution,
    agentId: 'bench-agent',
    agentType: 'custom',
  });

async function measure(setup: Setup, upstreamUrl: string): Promise<Row[]> {
  const dataDirs: string[] = [];
  const gateways: ServerProcess[] = [];
  try {
    for (let i = 0; i < setup.instances; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'synapse-scale-bench-'));
      dataDirs.push(dataDir);
      gateways.push(
        await spawnGateway(join(root, 'src/main.js'), {
          SYNAPSE_DATA_DIR: dataDir,
          SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
          SYNAPSE_JWT_SECRET: JWT_SECRET,
          SYNAPSE_LOG_LEVEL: 'warn',
          OPENAI_BASE_URL: upstreamUrl,
          SYNAPSE_PROXY_RPS: '1000000',
          SYNAPSE_MEMORY_READ_RPS: '1000000',
          SYNAPSE_MEMORY_WRITE_RPS: '1000000',
          SYNAPSE_CACHE_MAX_ENTRIES: '1000000',
          ...setup.env,
        }),
      );
    }
    const urls = gateways.map((gateway) => gateway.url);
    const exchanged = await json(urls[0]!, '/api/v1/auth/token', undefined, { api_key: ADMIN_KEY });
    if (exchanged.status !== 200) throw new Error(`token exchange: ${exchanged.status} ${JSON.stringify(exchanged.body)}`);
    const token = exchanged.body.access_token as string;
    const primed = await json(urls[0]!, CHAT_PATH, token, JSON.parse(question));
    if (primed.status !== 200) throw new Error(`priming the cache: ${primed.status}`);
    for (const projectId of ['branches', 'one-branch']) {
      const created = await json(urls[0]!, '/api/v1/memory/projects', token, { projectId, name: projectId });
      if (created.status !== 200) throw new Error(`creating project ${projectId}: ${created.status} ${JSON.stringify(created.body)}`);
    }

    const workloads: Array<[string, (phase: string) => Workload]> = [
      ['exact-cache hits', () => () => ({ path: CHAT_PATH, body: question })],
      [
        'memory stores, a branch per client',
        (phase) => (client, n) => ({ path: '/api/v1/memory/projects/branches/store', body: storeBody(`client-${client}`, `${phase} store ${n} by client ${client}`) }),
      ],
      [
        'memory stores, all on one branch',
        (phase) => (client, n) => ({ path: '/api/v1/memory/projects/one-branch/store', body: storeBody('main', `${phase} store ${n} by client ${client}`) }),
      ],
    ];
    const rows: Row[] = [];
    for (const [workload, make] of workloads) {
      await drive(urls, token, WARMUP_SECONDS, make('warm-up'));
      const gatewayCpu = (): number => gateways.reduce((sum, gateway) => sum + processCpuSecs(gateway.child.pid), 0);
      const [cpuBefore, backendBefore, ticksBefore, started, selfBefore] = [gatewayCpu(), backendCpuSecs(), machineTicks(), performance.now(), process.cpuUsage()];
      const result = await drive(urls, token, SECONDS, make('measured'));
      const elapsed = (performance.now() - started) / 1000;
      const ticksAfter = machineTicks();
      const gatewayCores = (gatewayCpu() - cpuBefore) / elapsed;
      const self = process.cpuUsage(selfBefore);
      const loadCores = (self.user + self.system) / 1e6 / elapsed;
      const backendCores = (backendCpuSecs() - backendBefore) / elapsed;
      const machineBusy = (ticksAfter.busy - ticksBefore.busy) / (ticksAfter.total - ticksBefore.total);
      rows.push({ setup: setup.name, instances: setup.instances, workload, ...result, gatewayCores, loadCores, backendCores, machineBusy });
      console.error(`  ${setup.name} x${setup.instances}, ${workload}: ${result.rps.toFixed(0)} requests/s`);
    }
    return rows;
  } finally {
    for (const gateway of gateways) await gateway.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

function clustered(instances: number): Setup {
  const schema = uniqueSchemaName('scalebench');
  const keyPrefix = uniqueKeyPrefix('scalebench');
  return {
    name: 'PostgreSQL + Redis',
    instances,
    env: { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema, SYNAPSE_REDIS_URL: TEST_REDIS_URL, SYNAPSE_REDIS_PREFIX: keyPrefix },
    async cleanup() {
      await dropSchema(schema);
      await deleteKeys(keyPrefix);
    },
  };
}

function print(rows: Row[]): void {
  const cores = cpus().length;
  console.log(`| backend | instances | workload | requests/s | p50 ms | p99 ms | errors | CPU: gateways | CPU: load generator | CPU: PostgreSQL + Redis | CPU: anything else |`);
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const workload of [...new Set(rows.map((row) => row.workload))]) {
    for (const row of rows.filter((r) => r.workload === workload)) {
      console.log(`| ${row.setup} | ${row.instances} | ${row.workload} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.errors} | ${row.gatewayCores.toFixed(2)} | ${row.loadCores.toFixed(2)} | ${row.backendCores.toFixed(2)} | ${(row.machineBusy * cores - row.gatewayCores - row.loadCores - row.backendCores).toFixed(2)} |`);
    }
  }
}

async function main(): Promise<void> {
  const setups: Setup[] = [{ name: 'SQLite', instances: 1, env: {}, cleanup: async () => {} }, clustered(1), clustered(2)];
  const upstream = await spawnPrintingUrl(join(root, 'test/fake-upstream/main.js'));
  const rows: Row[] = [];
  try {
    console.log(`# ${CLIENTS} clients in all (split evenly over the instances), ${SECONDS} s per row after ${WARMUP_SECONDS} s of warm-up`);
    for (const setup of setups) {
      try {
        rows.push(...(await measure(setup, upstream.url)));
      } finally {
        await setup.cleanup();
      }
    }
    print(rows);
  } finally {
    await upstream.stop();
  }
}

await main();
