// npm run bench:proxy — throughput and latency of the proxy on loopback, in one run:
// (a) a bare node:http server returning the same JSON, (b) exact-cache hits through the gateway
// with auth and rate limiting on, (b') the same for Anthropic Messages API hits, (c) misses through
// the gateway to the fake upstream and (d) the fake upstream called directly; then (e) exact hits
// with the request log on against a second gateway with it off (SYNAPSE_LOG_ENABLED=false),
// alternated to even out a shared machine. BENCH_ONLY=log runs (e) alone; BENCH_ONLY=hit runs (a)
// and (b) alone, alternated BENCH_HIT_ROUNDS times. The load generator (this process) is pinned
// to core 0 and the servers to the other cores (bench-processes.ts, BENCH_PIN=0 turns it off).
// BENCH_CPU_PROF=dir writes a CPU profile of the (b) gateway there (node --cpu-prof) when it stops.
// The gateway takes SYNAPSE_* settings from the environment: SYNAPSE_HIT_SHORTCUT=false measures
// hits through Fastify's routing instead of the hit shortcut (src/http/hit-shortcut/).
// Bounded: about a minute and a half in all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { PINNED, pinLoadGenerator, spawnGateway, spawnPrintingUrl, type ServerProcess } from './bench-processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const THROUGHPUT_SECS = Number(process.env.BENCH_SECONDS ?? 8);
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ADMIN_KEY = 'sk-syn-bench-admin-key-000000000000000000000';
const ONLY_LOG = process.env.BENCH_ONLY === 'log';
const ONLY_HIT = process.env.BENCH_ONLY === 'hit';
const HIT_ROUNDS = Number(process.env.BENCH_HIT_ROUNDS ?? 2);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const LOG_ROUNDS = Number(process.env.BENCH_LOG_ROUNDS ?? 3);

const question = { model: 'gpt-4o', messages: [{ role: 'user', content: 'What is a semantic cache?' }] };
const anthropicQuestion = { model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'What is a semantic cache?' }] };

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** A fixed body is sent as a static request; a function makes every request's body anew (misses). */
async function throughput(name: string, url: string, headers: Record<string, string>, body: string | (() => string)): Promise<Row> {
  const allHeaders = { ...headers, 'content-type': 'application/json' };
  const request =
    typeof body === 'string'
      ? { method: 'POST' as const, headers: allHeaders, body }
      : { method: 'POST' as const, setupRequest: (r: object) => ({ ...r, headers: allHeaders, body: body() }) };
  const result = await autocannon({ url, connections: CONNECTIONS, duration: THROUGHPUT_SECS, requests: [request] });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Sequential requests on one keep-alive connection, timed with performance.now() (sub-ms). */
async function sequential(name: string, base: string, path: string, headers: Record<string, string>, body: () => string): Promise<Row> {
  const pool = new Pool(base, { connections: 1 });
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
    const t0 = performance.now();
    const response = await pool.request({ method: 'POST', path, headers: { ...headers, 'content-type': 'application/json' }, body: body() });
    await response.body.text();
    if (response.statusCode !== 200) errors++;
    samples.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, rps: SEQUENTIAL_REQUESTS / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

function uniqueQuestion(prefix: string): () => string {
  let counter = 0;
  return () => JSON.stringify({ ...question, messages: [{ role: 'user', content: `${prefix} question number ${counter++}` }] });
}

function print(rows: Row[]): void {
  console.log('| scenario | requests/s | p50 ms | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(3)} | ${row.p99.toFixed(3)} | ${row.errors} |`);
  }
}

/** A gateway's JWT, and its cache warmed with the chat question. */
async function prepareGateway(url: string): Promise<Record<string, string>> {
  const tokenResponse = await fetch(url + '/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: ADMIN_KEY }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${token}` };
  const warm = await fetch(url + '/v1/chat/completions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(question) });
  await warm.text();
  return auth;
}

/**
 * CPU seconds a process has used (Linux /proc, user + system, 100 ticks a second); undefined elsewhere.
 * On a shared machine requests/s swings with the neighbours' load; CPU time per request does much less.
 */
function cpuSeconds(pid: number | undefined, thread: 'main' | 'all'): number | undefined {
  try {
    const path = thread === 'main' ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** (e) exact hits with the request log on and off, alternated; returns the rows and the ratio. */
async function compareRequestLog(processes: ServerProcess[], upstreamUrl: string, dataDir: string): Promise<void> {
  const gatewayWith = async (log: boolean) => {
    const gateway = await spawnGateway(join(root, 'src/main.js'), {
      SYNAPSE_DATA_DIR: join(dataDir, log ? 'log-on' : 'log-off'),
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      OPENAI_BASE_URL: upstreamUrl,
      SYNAPSE_PROXY_RPS: '1000000',
      SYNAPSE_LOG_ENABLED: String(log),
    });
    processes.push(gateway);
    return { url: gateway.url, pid: gateway.child.pid, auth: await prepareGateway(gateway.url) };
  };
  const on = await gatewayWith(true);
  const off = await gatewayWith(false);
  const body = JSON.stringify(question);
  // Unmeasured warm-up of both (JIT, connection pools), so round 1 is not a cold start.
  for (const gateway of [off, on]) {
    await autocannon({ url: gateway.url + '/v1/chat/completions', connections: CONNECTIONS, duration: 3, requests: [
      { method: 'POST', headers: { ...gateway.auth, 'content-type': 'application/json' }, body },
    ] });
  }
  const rows: Row[] = [];
  const cpu = { on: { main: 0, all: 0, requests: 0 }, off: { main: 0, all: 0, requests: 0 } };
  const measure = async (log: 'on' | 'off', round: number) => {
    const gateway = log === 'on' ? on : off;
    const [mainBefore, allBefore] = [cpuSeconds(gateway.pid, 'main'), cpuSeconds(gateway.pid, 'all')];
    const row = await throughput(`(e) exact hit, request log ${log}, round ${round}`, gateway.url + '/v1/chat/completions', gateway.auth, body);
    const [mainAfter, allAfter] = [cpuSeconds(gateway.pid, 'main'), cpuSeconds(gateway.pid, 'all')];
    if (mainBefore !== undefined && mainAfter !== undefined && allBefore !== undefined && allAfter !== undefined) {
      cpu[log].main += mainAfter - mainBefore;
      cpu[log].all += allAfter - allBefore;
      cpu[log].requests += row.rps * THROUGHPUT_SECS;
    }
    rows.push(row);
  };
  for (let round = 1; round <= LOG_ROUNDS; round++) {
    await measure('off', round);
    await measure('on', round);
  }
  console.log(`\n# request log on vs off: exact-cache hits, ${CONNECTIONS} connections, ${THROUGHPUT_SECS} s each, ${LOG_ROUNDS} rounds alternated`);
  print(rows);
  const mean = (log: string) => {
    const chosen = rows.filter((row) => row.name.includes(`log ${log}`));
    return chosen.reduce((sum, row) => sum + row.rps, 0) / chosen.length;
  };
  const [rpsOn, rpsOff] = [mean('on'), mean('off')];
  console.log(`(e) request log on / off: ${rpsOn.toFixed(0)} / ${rpsOff.toFixed(0)} hits/s = ${((rpsOn / rpsOff) * 100).toFixed(1)}% (target >= 95%)`);
  if (cpu.on.requests > 0 && cpu.off.requests > 0) {
    for (const thread of ['main', 'all'] as const) {
      const [usOn, usOff] = [(cpu.on[thread] / cpu.on.requests) * 1e6, (cpu.off[thread] / cpu.off.requests) * 1e6];
      console.log(
        `(e) gateway CPU per hit (${thread === 'main' ? 'main thread, where requests are served' : 'all threads'}), log on / off: ` +
          `${usOn.toFixed(1)} / ${usOff.toFixed(1)} µs; log-off CPU per hit / log-on = ${((usOff / usOn) * 100).toFixed(1)}%`,
      );
    }
  }
}

/**
 * (a) and (b) alone, alternated: the ratio of their mean requests/s, and each server's CPU time per
 * request (main thread), which the neighbours' load on a shared machine moves much less.
 */
async function compareHits(bare: ServerProcess, gateway: ServerProcess, auth: Record<string, string>, cachedBody: string): Promise<void> {
  const rows: Row[] = [];
  const cpu = { a: { seconds: 0, all: 0, requests: 0 }, b: { seconds: 0, all: 0, requests: 0 } };
  const measure = async (which: 'a' | 'b', round: number) => {
    const server = which === 'a' ? bare : gateway;
    const [before, allBefore] = [cpuSeconds(server.child.pid, 'main'), cpuSeconds(server.child.pid, 'all')];
    const row = which === 'a'
      ? await throughput(`(a) bare node:http, same JSON, round ${round}`, bare.url, {}, cachedBody)
      : await throughput(`(b) gateway exact-cache hit, round ${round}`, gateway.url + '/v1/chat/completions', auth, cachedBody);
    const [after, allAfter] = [cpuSeconds(server.child.pid, 'main'), cpuSeconds(server.child.pid, 'all')];
    if (before !== undefined && after !== undefined && allBefore !== undefined && allAfter !== undefined) {
      cpu[which].seconds += after - before;
      cpu[which].all += allAfter - allBefore;
      cpu[which].requests += row.rps * THROUGHPUT_SECS;
    }
    rows.push(row);
  };
  for (let round = 1; round <= HIT_ROUNDS; round++) {
    await measure('a', round);
    await measure('b', round);
  }
  print(rows);
  const mean = (prefix: string) => {
    const chosen = rows.filter((row) => row.name.startsWith(prefix));
    return chosen.reduce((sum, row) => sum + row.rps, 0) / chosen.length;
  };
  const [a, b] = [mean('(a)'), mean('(b)')];
  console.log(`\n(b)/(a) throughput: ${b.toFixed(0)} / ${a.toFixed(0)} = ${((b / a) * 100).toFixed(1)}% (target >= 50%)`);
  if (cpu.a.requests > 0 && cpu.b.requests > 0) {
    const [usA, usB] = [(cpu.a.seconds / cpu.a.requests) * 1e6, (cpu.b.seconds / cpu.b.requests) * 1e6];
    console.log(`CPU per request (main thread), (a) bare / (b) gateway hit: ${usA.toFixed(1)} / ${usB.toFixed(1)} µs = ${((usA / usB) * 100).toFixed(1)}%`);
    const [allA, allB] = [(cpu.a.all / cpu.a.requests) * 1e6, (cpu.b.all / cpu.b.requests) * 1e6];
    console.log(`CPU per request (all threads: the request log's insert worker too), (a) / (b): ${allA.toFixed(1)} / ${allB.toFixed(1)} µs = ${((allA / allB) * 100).toFixed(1)}%`);
  }
}

async function main(): Promise<void> {
  pinLoadGenerator();
  console.log(PINNED ? '# load generator pinned to core 0, servers to the other cores' : '# not pinned (BENCH_PIN=0 or no taskset)');
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-bench-'));
  const processes: ServerProcess[] = [];
  try {
    const bare = await spawnPrintingUrl(join(here, 'bare-server.js'));
    const upstream = await spawnPrintingUrl(join(root, 'test/fake-upstream/main.js'));
    processes.push(bare, upstream);
    if (ONLY_LOG) {
      await compareRequestLog(processes, upstream.url, dataDir);
      return;
    }
    const gateway = await spawnGateway(join(root, 'src/main.js'), {
      SYNAPSE_DATA_DIR: dataDir,
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      OPENAI_BASE_URL: upstream.url,
      ANTHROPIC_BASE_URL: new URL(upstream.url).origin,
      SYNAPSE_PROXY_RPS: '1000000',
      SYNAPSE_CACHE_MAX_ENTRIES: '1000000',
      // Everything a production gateway does per request, as issue 14 measures it: the access log too
      // (BENCH_ACCESS_LOG=0 turns it off, to see what it costs).
      SYNAPSE_ACCESS_LOG: process.env.BENCH_ACCESS_LOG === '0' ? 'false' : 'true',
    }, CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : []);
    processes.push(gateway);
    const tokenResponse = await fetch(gateway.url + '/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: ADMIN_KEY }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${token}` };
    const cachedBody = JSON.stringify(question);
    const warm = await fetch(gateway.url + '/v1/chat/completions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: cachedBody });
    await warm.text();
    const anthropicAuth = { ...auth, 'anthropic-version': '2023-06-01' };
    const cachedMessage = JSON.stringify(anthropicQuestion);
    const warmMessage = await fetch(gateway.url + '/v1/messages', { method: 'POST', headers: { ...anthropicAuth, 'content-type': 'application/json' }, body: cachedMessage });
    if (warmMessage.status !== 200) throw new Error(`Messages API warm-up failed: ${warmMessage.status} ${await warmMessage.text()}`);
    await warmMessage.text();

    // Unmeasured warm-up (JIT), so (b) measures a gateway that has run, not a cold start.
    await autocannon({ url: gateway.url + '/v1/chat/completions', connections: CONNECTIONS, duration: 3, requests: [
      { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: cachedBody },
    ] });
    if (ONLY_HIT) {
      await compareHits(bare, gateway, auth, cachedBody);
      return;
    }
    const upstreamBase = new URL(upstream.url).origin;
    const rows: Row[] = [];
    console.log(`# throughput: ${CONNECTIONS} connections, ${THROUGHPUT_SECS} s each (autocannon)`);
    const cpuPerRequest = async (server: ServerProcess, measure: () => Promise<Row>): Promise<[Row, number | undefined]> => {
      const before = cpuSeconds(server.child.pid, 'main');
      const row = await measure();
      const after = cpuSeconds(server.child.pid, 'main');
      return [row, before === undefined || after === undefined ? undefined : ((after - before) / (row.rps * THROUGHPUT_SECS)) * 1e6];
    };
    const [bareRow, bareCpu] = await cpuPerRequest(bare, () => throughput('(a) bare node:http, same JSON', bare.url, {}, cachedBody));
    const [hitRow, hitCpu] = await cpuPerRequest(gateway, () =>
      throughput('(b) gateway exact-cache hit (JWT auth + rate limit)', gateway.url + '/v1/chat/completions', auth, cachedBody),
    );
    rows.push(bareRow, hitRow);
    rows.push(await throughput("(b') gateway Messages API exact-cache hit", gateway.url + '/v1/messages', anthropicAuth, cachedMessage));
    rows.push(await throughput('(c) gateway miss -> fake upstream', gateway.url + '/v1/chat/completions', auth, uniqueQuestion('throughput-miss')));
    rows.push(await throughput('(d) fake upstream directly', upstream.url + '/chat/completions', {}, uniqueQuestion('throughput-direct')));
    print(rows);
    console.log(`\n# latency at concurrency 1: ${SEQUENTIAL_REQUESTS} sequential requests on one keep-alive connection`);
    const latency: Row[] = [];
    latency.push(await sequential('(b1) gateway exact-cache hit', gateway.url, '/v1/chat/completions', auth, () => cachedBody));
    latency.push(await sequential('(c1) gateway miss -> fake upstream', gateway.url, '/v1/chat/completions', auth, uniqueQuestion('sequential-miss')));
    latency.push(await sequential('(d1) fake upstream directly', upstreamBase, '/v1/chat/completions', {}, uniqueQuestion('sequential-direct')));
    latency.push(await sequential("(b'1) gateway Messages API exact-cache hit", gateway.url, '/v1/messages', anthropicAuth, () => cachedMessage));
    print(latency);
    const [a, b, bMessages] = rows;
    const [, c1, d1] = latency;
    console.log(`\n(b)/(a) throughput: ${((b!.rps / a!.rps) * 100).toFixed(1)}% (target >= 50%)`);
    if (bareCpu !== undefined && hitCpu !== undefined) {
      console.log(`(a)/(b) CPU per request (main thread): ${bareCpu.toFixed(1)} / ${hitCpu.toFixed(1)} µs = ${((bareCpu / hitCpu) * 100).toFixed(1)}%`);
    }
    console.log(`(b')/(b) Messages API hits vs chat hits: ${((bMessages!.rps / b!.rps) * 100).toFixed(1)}% (target >= 90%)`);
    console.log(`miss overhead at concurrency 1, p50 (c1) - (d1): ${(c1!.p50 - d1!.p50).toFixed(3)} ms (target <= 1 ms)`);
    await compareRequestLog(processes, upstream.url, dataDir);
  } finally {
    for (const process of processes.reverse()) await process.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
