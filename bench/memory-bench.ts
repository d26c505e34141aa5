// npm run bench:memory — the memory API through HTTP on a real in-process gateway (built-in
// embedder) on each backend of BENCH_MEMORY_BACKENDS (default `sqlite,postgres`: a temporary SQLite
// data directory, and a schema of its own on BENCH_MEMORY_DATABASE_URL, else the test database of the
// PG* variables, default postgres://postgres@127.0.0.1:5432/test, dropped afterwards; skipped when unreachable):
// the fill time and store throughput while filling to 10k and 100k milestones (BENCH_MEMORY_SIZES)
// over 20 projects, then p50/p99 latency at concurrency 1 of store, recall (view=branch), project
// search and search across all projects (queries of one to three words), and after a restart the
// time until /ready answers 200 and until the memory search's vector index is loaded.
import { searchQuery, seededRandom } from './synthetic-milestones.js';
import { BRANCHES, PROJECTS, fillMilestones, milestone, projectOf } from './milestone-fill.js';
import { adminSql } from './admin-sql.js';
import { startMemoryGateway, type MemoryGateway } from './memory-gateway.js';
import { TEST_DATABASE_URL, uniqueSchemaName } from '../test/helpers/postgres-test-database.js';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_MEMORY_SAMPLES ?? 300);
const FILL_CLIENTS = Number(process.env.BENCH_MEMORY_CLIENTS ?? 8);
const BACKENDS = (process.env.BENCH_MEMORY_BACKENDS ?? 'sqlite,postgres').split(',').map((b) => b.trim());
const DATABASE_URL = process.env.BENCH_MEMORY_DATABASE_URL ?? TEST_DATABASE_URL;

/** BENCH_MEMORY_KEEP=1 leaves the data (directory or schema) in place and names it, to query it by hand. */
const KEEP = process.env.BENCH_MEMORY_KEEP === '1';
/**
 * BENCH_MEMORY_REUSE=<schema or directory> measures on data a run kept (BENCH_MEMORY_KEEP=1, with
 * BENCH_MEMORY_SIZES set to its size and one backend) instead of filling: the code under test meets
 * an existing database (pending migrations applied), and the fill columns say `kept`. Kept afterwards.
 */
const REUSE = process.env.BENCH_MEMORY_REUSE;

type Backend = 'sqlite' | 'postgres';

/**
 * Restarts on the data: seconds until /ready answers 200 (the process is up and serving) and until
 * it reports the memory search's vector index loaded (`checks.memory_search` is `ok`).
 */
async function restart(dataDir: string, env: Record<string, string>): Promise<{ gw: MemoryGateway; ready: number; loaded: number }> {
  const started = performance.now();
  const gw = await startMemoryGateway({ dataDir, env, background: true });
  let answer = await gw.ready();
  while (answer.status !== 200) answer = await gw.ready();
  const ready = (performance.now() - started) / 1000;
  while (answer.body.checks?.memory_search === 'loading') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer = await gw.ready();
  }
  if (answer.body.checks?.memory_search !== 'ok') throw new Error(`memory search after restart: ${JSON.stringify(answer.body)}`);
  return { gw, ready, loaded: (performance.now() - started) / 1000 };
}

async function time(run: (k: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let k = 0; k < 10; k++) await run(SAMPLES + k); // warm-up
  const samples: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const t0 = performance.now();
    await run(k);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

async function runSize(backend: Backend, size: number): Promise<void> {
  const schema = REUSE && backend === 'postgres' ? REUSE : uniqueSchemaName('memorybench');
  const keep = KEEP || REUSE !== undefined;
  const env: Record<string, string> =
    backend === 'postgres' ? { SYNAPSE_DATABASE_URL: DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema } : {};
  const gw = await startMemoryGateway({ env, ...(REUSE && backend === 'sqlite' ? { dataDir: REUSE } : {}) });
  let dataDir = gw.dataDir;
  try {
    const fillSecs = REUSE ? undefined : await fillMilestones(gw, size, FILL_CLIENTS);
    // What autovacuum does on a normal server (the development server runs without it): the text
    // search reads the common words' frequencies from the statistics.
    if (backend === 'postgres') await adminSql(DATABASE_URL, `ANALYZE ${schema}.memory_milestones`);
    const random = seededRandom(size);
    const queries = Array.from({ length: SAMPLES + 10 }, () => searchQuery(random));
    const store = await time((k) => gw.call('POST', `/projects/${projectOf(k)}/store`, milestone(random, size + k, 'main')));
    const recall = await time((k) => gw.call('GET', `/projects/${projectOf(k)}/recall?view=branch&branch=main&limit=10`));
    const projectSearch = await time((k) => gw.call('POST', `/projects/${projectOf(k)}/search`, { query: queries[k], limit: 10 }));
    const globalSearch = await time((k) => gw.call('POST', '/search', { query: queries[k], limit: 10 }));
    await gw.close(true);
    const again = await restart(dataDir, env);
    await again.gw.close(keep);
    if (keep) console.error(`kept: ${backend === 'postgres' ? `schema ${schema}` : dataDir}`);
    dataDir = '';
    const ms = [store, recall, projectSearch, globalSearch].flatMap((t) => [t.p50, t.p99]).map((v) => v.toFixed(2));
    const fillCols = fillSecs === undefined ? ['kept', 'kept'] : [fillSecs.toFixed(0), (size / fillSecs).toFixed(0)];
    console.log(`| ${backend} | ${size} | ${fillCols.join(' | ')} | ${ms.join(' | ')} | ${again.ready.toFixed(2)} | ${again.loaded.toFixed(2)} |`);
  } finally {
    if (dataDir) await gw.close(keep).catch(() => undefined);
    if (backend === 'postgres' && !keep) await adminSql(DATABASE_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  }
}

async function reachable(): Promise<boolean> {
  return adminSql(DATABASE_URL, 'SELECT 1').then(
    () => true,
    () => false,
  );
}

console.log(`# through HTTP, built-in embedder, ${PROJECTS} projects x ${BRANCHES.length} branches; fill with ${FILL_CLIENTS} clients, then concurrency 1, ${SAMPLES} requests of each kind (ms), queries of 1 to 3 words`);
console.log('| backend | milestones | fill s | fill stores/s | store p50 | store p99 | recall p50 | recall p99 | project search p50 | project search p99 | search (all projects) p50 | search (all projects) p99 | restart to ready s | restart to vector index loaded s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const backend of BACKENDS) {
  if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`BENCH_MEMORY_BACKENDS: unknown backend ${backend}`);
  if (backend === 'postgres' && !(await reachable())) {
    console.log(`| postgres | skipped: ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')} unreachable |`);
    continue;
  }
  for (const size of SIZES) await runSize(backend, size);
}
