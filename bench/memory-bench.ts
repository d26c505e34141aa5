// npm run bench:memory — the memory API through HTTP on a real in-process gateway (temporary
// SQLite data directory, built-in embedder): store throughput while filling to 10k and 100k
// milestones (BENCH_MEMORY_SIZES), then p50/p99 latency at concurrency 1 of store, recall
// (view=branch), project search and search across all projects, and the time a restart takes.
import { milestoneText, searchQuery, seededRandom } from './synthetic-milestones.js';
import { startMemoryGateway, type MemoryGateway } from './memory-gateway.js';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_MEMORY_SAMPLES ?? 300);
const PROJECTS = Number(process.env.BENCH_MEMORY_PROJECTS ?? 10);
const FILL_CLIENTS = Number(process.env.BENCH_MEMORY_CLIENTS ?? 8);
const BRANCHES = ['main', 'feature-search', 'fix-uploads', 'docs'];

const projectOf = (i: number) => `bench-${i % PROJECTS}`;
const branchOf = (i: number) => BRANCHES[Math.floor(i / PROJECTS) % BRANCHES.length]!;

function milestone(random: () => number, i: number, branchName: string) {
  return {
    branchName,
    branchPurpose: `Work on ${branchName}`,
    cumulativeProgress: `Milestone ${i} of the benchmark project`,
    thisContribution: milestoneText(random, i),
    agentId: `agent-${i % 7}`,
  };
}

/** Stores `size` milestones over PROJECTS projects and their branches with FILL_CLIENTS concurrent clients. */
async function fill(gw: MemoryGateway, size: number): Promise<number> {
  for (let p = 0; p < PROJECTS; p++) await gw.call('POST', '/projects', { projectId: `bench-${p}`, name: `Benchmark ${p}` });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: FILL_CLIENTS }, async (_, client) => {
      const random = seededRandom(client + 1);
      for (let i = next++; i < size; i = next++) await gw.call('POST', `/projects/${projectOf(i)}/store`, milestone(random, i, branchOf(i)));
    }),
  );
  return size / ((performance.now() - started) / 1000);
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

async function runSize(size: number): Promise<void> {
  const gw = await startMemoryGateway();
  let dataDir = gw.dataDir;
  try {
    const perSec = await fill(gw, size);
    const random = seededRandom(size);
    const queries = Array.from({ length: SAMPLES + 10 }, () => searchQuery(random));
    const store = await time((k) => gw.call('POST', `/projects/${projectOf(k)}/store`, milestone(random, size + k, 'main')));
    const recall = await time((k) => gw.call('GET', `/projects/${projectOf(k)}/recall?view=branch&branch=main&limit=10`));
    const projectSearch = await time((k) => gw.call('POST', `/projects/${projectOf(k)}/search`, { query: queries[k], limit: 10 }));
    const globalSearch = await time((k) => gw.call('POST', '/search', { query: queries[k], limit: 10 }));
    await gw.close(true);
    const started = performance.now();
    const again = await startMemoryGateway({ dataDir });
    const startSecs = (performance.now() - started) / 1000;
    await again.close();
    dataDir = '';
    const ms = [store, recall, projectSearch, globalSearch].flatMap((t) => [t.p50, t.p99]).map((v) => v.toFixed(2));
    console.log(`| ${size} | ${perSec.toFixed(0)} | ${ms.join(' | ')} | ${startSecs.toFixed(2)} |`);
  } finally {
    if (dataDir) await gw.close().catch(() => undefined);
  }
}

console.log(`# through HTTP, built-in embedder, ${PROJECTS} projects x ${BRANCHES.length} branches; fill with ${FILL_CLIENTS} clients, then concurrency 1, ${SAMPLES} requests of each kind (ms)`);
console.log('| milestones | fill stores/s | store p50 | store p99 | recall p50 | recall p99 | project search p50 | project search p99 | search (all projects) p50 | search (all projects) p99 | restart s |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const size of SIZES) await runSize(size);
