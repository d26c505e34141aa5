// Milestones for the benchmarks: PROJECTS projects with four branches each, synthetic texts, stored
// through the memory API of a running gateway by several concurrent clients (npm run bench:memory
// measures that fill; npm run bench:cache uses it to put milestones beside its cache entries).
import { milestoneText, seededRandom } from './synthetic-milestones.js';
import type { MemoryGateway } from './memory-gateway.js';

export const PROJECTS = Number(process.env.BENCH_MEMORY_PROJECTS ?? 20);
export const BRANCHES = ['main', 'feature-search', 'fix-uploads', 'docs'];

export const projectOf = (i: number): string => `bench-${i % PROJECTS}`;
const branchOf = (i: number): string => BRANCHES[Math.floor(i / PROJECTS) % BRANCHES.length]!;

export function milestone(random: () => number, i: number, branchName: string) {
  return {
    branchName,
    branchPurpose: `Work on ${branchName}`,
    cumulativeProgress: `Milestone ${i} of the benchmark project`,
    thisContribution: milestoneText(random, i),
    agentId: `agent-${i % 7}`,
  };
}

/** Stores `size` milestones over PROJECTS projects and their branches with `clients` concurrent clients; seconds. */
export async function fillMilestones(gw: MemoryGateway, size: number, clients: number): Promise<number> {
  for (let p = 0; p < PROJECTS; p++) await gw.call('POST', '/projects', { projectId: `bench-${p}`, name: `Benchmark ${p}` });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const random = seededRandom(client + 1);
      for (let i = next++; i < size; i = next++) await gw.call('POST', `/projects/${projectOf(i)}/store`, milestone(random, i, branchOf(i)));
    }),
  );
  return (performance.now() - started) / 1000;
}
