// `npm run soak` (minutes, not in CI): a real gateway process under mixed traffic (chat misses,
// hits and streams, Anthropic Messages, Responses, memory stores, recalls and searches), its RSS
// sampled every second, killed with SIGKILL halfway and started again on the same data. Then:
// RSS stayed bounded, every acknowledged memory write is there, every branch's sequence numbers
// run 1..N without a gap, and the cache entries lost are only ones acknowledged within the
// write-behind window before the kill. Prints the figures docs/security.md quotes; exits 1 when
// a check fails. SOAK_SECONDS (180), SOAK_CONCURRENCY (8), SOAK_RSS_LIMIT_MB (512),
// SOAK_CACHE_WINDOW_MS (1000); SYNAPSE_CACHE_DURABILITY is passed on to the gateway when set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeUpstream } from '../fake-upstream/fake-upstream.js';
import { freePort, startGatewayProcess, type GatewayProcess } from './gateway-process.js';

type Json = Record<string, any>;

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const RSS_LIMIT_MB = Number(process.env.SOAK_RSS_LIMIT_MB ?? 512);
const CACHE_WINDOW_MS = Number(process.env.SOAK_CACHE_WINDOW_MS ?? 1_000);
const ADMIN_KEY = 'sk-syn-soak-admin-key-000000000000000000000000';
const PROJECTS = ['soak-a', 'soak-b', 'soak-c'];
const BRANCHES = ['main', 'feature'];

interface Ledger {
  milestones: Array<{ projectId: string; branch: string; milestoneId: string; sequenceNumber: number }>;
  /** Chat answers acknowledged as misses (so stored by the gateway), with when and in which life. */
  cacheAcks: Array<{ body: Json; ackAt: number; life: number }>;
  statuses: Map<string, number>;
  connectionErrors: number;
}

const ledger: Ledger = { milestones: [], cacheAcks: [], statuses: new Map(), connectionErrors: 0 };
const rss: Array<{ life: number; second: number; mib: number }> = [];
let gateway: GatewayProcess;
let life = 1;
let paused = false;
let counter = 0;

const count = (key: string): void => void ledger.statuses.set(key, (ledger.statuses.get(key) ?? 0) + 1);
const pickOf = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function send(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(gateway.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const chatBody = (content: string, extra: Json = {}): Json => ({ model: 'gpt-4o', messages: [{ role: 'user', content }], ...extra });

/** The operations and their weights: what a team of agents and their tools send. */
const OPERATIONS: Array<[number, string, () => Promise<void>]> = [
  [15, 'chat miss', async () => {
    const body = chatBody(`soak question ${++counter} ${Math.random()}`);
    const result = await send('/v1/chat/completions', body);
    count(`chat miss ${result.status} ${result.headers.get('x-synapse-cache-status')}`);
    if (result.status === 200 && result.headers.get('x-synapse-cache-status') === 'MISS') ledger.cacheAcks.push({ body, ackAt: Date.now(), life });
  }],
  [15, 'chat hit', async () => {
    const earlier = ledger.cacheAcks.filter((ack) => ack.life === life && Date.now() - ack.ackAt > 200);
    if (earlier.length === 0) return;
    const result = await send('/v1/chat/completions', pickOf(earlier).body);
    count(`chat repeat ${result.status} ${result.headers.get('x-synapse-cache-status')}`);
  }],
  [5, 'chat stream', async () => {
    const result = await send('/v1/chat/completions', chatBody(`soak stream ${Math.floor(Math.random() * 200)}`, { stream: true }));
    count(`chat stream ${result.status} ${result.text.includes('[DONE]') ? 'done' : 'cut'}`);
  }],
  [10, 'messages', async () => {
    const body = { model: 'claude-soak', max_tokens: 64, messages: [{ role: 'user', content: `soak message ${Math.floor(Math.random() * 300)}` }] };
    const result = await send('/v1/messages', body, { 'anthropic-version': '2023-06-01' });
    count(`messages ${result.status} ${result.headers.get('x-synapse-cache-status')}`);
  }],
  [10, 'responses', async () => {
    const result = await send('/v1/responses', { model: 'gpt-4o', input: `soak response ${Math.floor(Math.random() * 300)}` });
    count(`responses ${result.status} ${result.headers.get('x-synapse-cache-status')}`);
  }],
  [30, 'memory store', async () => {
    const projectId = pickOf(PROJECTS);
    const branch = pickOf(BRANCHES);
    const body = { branchName: branch, thisContribution: `soak contribution ${++counter} ${Math.random()}`, agentId: 'soak-agent' };
    const result = await send(`/api/v1/memory/projects/${projectId}/store`, body);
    count(`memory store ${result.status}`);
    if (result.status === 200) {
      const milestone = JSON.parse(result.text) as Json;
      ledger.milestones.push({ projectId, branch, milestoneId: milestone.milestoneId, sequenceNumber: milestone.sequenceNumber });
    }
  }],
  [10, 'memory recall', async () => {
    const result = await send(`/api/v1/memory/projects/${pickOf(PROJECTS)}/recall?view=branch&branch=${pickOf(BRANCHES)}&limit=10`, undefined);
    count(`memory recall ${result.status}`);
  }],
  [5, 'memory search', async () => {
    const result = await send(`/api/v1/memory/projects/${pickOf(PROJECTS)}/search`, { query: 'soak contribution', limit: 5 });
    count(`memory search ${result.status}`);
  }],
];
const TOTAL_WEIGHT = OPERATIONS.reduce((sum, [weight]) => sum + weight, 0);

function pickOperation(): () => Promise<void> {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const [weight, , operation] of OPERATIONS) {
    roll -= weight;
    if (roll < 0) return operation;
  }
  return OPERATIONS[0]![2];
}

async function worker(end: number): Promise<void> {
  while (Date.now() < end) {
    if (paused) {
      await sleep(20);
      continue;
    }
    try {
      await pickOperation()();
    } catch {
      ledger.connectionErrors++;
    }
  }
}

/** Every milestone of a branch, read back page by page. */
async function readBranch(projectId: string, branch: string): Promise<Array<{ milestoneId: string; sequenceNumber: number }>> {
  const all: Array<{ milestoneId: string; sequenceNumber: number }> = [];
  for (let offset = 0; ; offset += 200) {
    const result = await send(`/api/v1/memory/projects/${projectId}/recall?view=branch&branch=${branch}&limit=200&offset=${offset}`, undefined);
    const page = ((JSON.parse(result.text) as Json).milestones ?? []) as Array<{ milestoneId: string; sequenceNumber: number }>;
    all.push(...page);
    if (page.length < 200) return all;
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const upstream = await startFakeUpstream({ recordCalls: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-soak-'));
  const port = await freePort();
  const env: Record<string, string> = {
    SYNAPSE_DATA_DIR: dataDir,
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'sk-upstream-soak',
    ANTHROPIC_BASE_URL: upstream.origin,
    ANTHROPIC_API_KEY: 'sk-ant-soak',
    SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
    SYNAPSE_PROXY_RPS: '100000',
    SYNAPSE_MEMORY_READ_RPS: '100000',
    SYNAPSE_MEMORY_WRITE_RPS: '100000',
    ...(process.env.SYNAPSE_CACHE_DURABILITY ? { SYNAPSE_CACHE_DURABILITY: process.env.SYNAPSE_CACHE_DURABILITY } : {}),
  };
  const failures: string[] = [];
  const started = Date.now();
  const end = started + SECONDS * 1000;
  gateway = await startGatewayProcess(env, port);
  for (const projectId of PROJECTS) await send('/api/v1/memory/projects', { projectId, name: projectId });
  const sampler = setInterval(() => {
    const mib = gateway.rssMiB();
    if (mib !== undefined) rss.push({ life, second: Math.round((Date.now() - started) / 1000), mib });
  }, 1_000);
  const workers = Array.from({ length: CONCURRENCY }, () => worker(end));

  await sleep((SECONDS * 1000) / 2);
  // Killed in the middle of the traffic: answers acknowledged a moment ago may not be written yet.
  const killedAt = Date.now();
  const killed = gateway.kill9();
  paused = true;
  await killed;
  const restartStarted = Date.now();
  life = 2;
  gateway = await startGatewayProcess(env, port);
  const restartMs = Date.now() - restartStarted;
  paused = false;
  await Promise.all(workers);
  clearInterval(sampler);
  await sleep(1_500);

  // Every acknowledged memory write is there, and every branch counts 1..N.
  let missingMilestones = 0;
  let branchesWithGaps = 0;
  let storedMilestones = 0;
  for (const projectId of PROJECTS) {
    for (const branch of BRANCHES) {
      const present = await readBranch(projectId, branch);
      storedMilestones += present.length;
      const ids = new Set(present.map((m) => m.milestoneId));
      missingMilestones += ledger.milestones.filter((m) => m.projectId === projectId && m.branch === branch && !ids.has(m.milestoneId)).length;
      const sequences = present.map((m) => m.sequenceNumber).sort((a, b) => a - b);
      if (!sequences.every((sequence, index) => sequence === index + 1)) branchesWithGaps++;
    }
  }
  if (missingMilestones > 0) failures.push(`${missingMilestones} acknowledged milestones are missing`);
  if (branchesWithGaps > 0) failures.push(`${branchesWithGaps} branches have gaps or duplicates in their sequence numbers`);

  // Cache entries acknowledged before the kill: lost ones only within the write-behind window.
  const beforeKill = ledger.cacheAcks.filter((ack) => ack.life === 1);
  const lostAges: number[] = [];
  for (const ack of beforeKill) {
    const preview = JSON.parse((await send('/api/v1/cache/preview', { model: ack.body.model, messages: ack.body.messages })).text) as Json;
    if (preview.action !== 'hit') lostAges.push(killedAt - ack.ackAt);
  }
  const outsideWindow = lostAges.filter((age) => age > CACHE_WINDOW_MS);
  if (outsideWindow.length > 0) failures.push(`${outsideWindow.length} cache entries acknowledged more than ${CACHE_WINDOW_MS} ms before the kill were lost`);

  // RSS stays bounded: under the limit, and not still climbing at the end of each life.
  const rssOf = (which: number) => rss.filter((s) => s.life === which).map((s) => s.mib);
  const lives = [1, 2].map((which) => {
    const samples = rssOf(which);
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    return { samples, max: Math.max(...samples), early: median(samples.slice(quarter, 2 * quarter)), late: median(samples.slice(-quarter)) };
  });
  for (const [index, stats] of lives.entries()) {
    if (stats.max > RSS_LIMIT_MB) failures.push(`life ${index + 1}: RSS reached ${stats.max.toFixed(0)} MiB (limit ${RSS_LIMIT_MB})`);
    if (stats.late > Math.max(stats.early * 1.5, stats.early + 64)) failures.push(`life ${index + 1}: RSS still climbing (${stats.early.toFixed(0)} -> ${stats.late.toFixed(0)} MiB)`);
  }
  const serverErrors = [...ledger.statuses].filter(([key]) => / 5\d\d\b/.test(key));
  if (serverErrors.length > 0) failures.push(`5xx answers: ${JSON.stringify(serverErrors)}`);

  const requests = [...ledger.statuses.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `soak: ${SECONDS} s, ${CONCURRENCY} concurrent clients, SIGKILL at ${((killedAt - started) / 1000).toFixed(0)} s, restart took ${restartMs} ms, cache durability ${process.env.SYNAPSE_CACHE_DURABILITY ?? 'default'}`,
    `requests answered: ${requests} (${(requests / SECONDS).toFixed(0)}/s); connection errors around the kill: ${ledger.connectionErrors}`,
    `RSS life 1: median ${median(lives[0]!.samples).toFixed(0)} MiB, max ${lives[0]!.max.toFixed(0)} MiB (${lives[0]!.early.toFixed(0)} -> ${lives[0]!.late.toFixed(0)}); life 2: median ${median(lives[1]!.samples).toFixed(0)} MiB, max ${lives[1]!.max.toFixed(0)} MiB`,
    `memory: ${ledger.milestones.length} milestones acknowledged, ${storedMilestones} stored, ${missingMilestones} missing; ${PROJECTS.length * BRANCHES.length} branches, ${branchesWithGaps} with gaps`,
    `cache: ${beforeKill.length} misses acknowledged before the kill, ${lostAges.length} lost, acknowledged ${lostAges.length ? `${Math.min(...lostAges)}-${Math.max(...lostAges)}` : '-'} ms before it`,
    `statuses: ${JSON.stringify(Object.fromEntries([...ledger.statuses].sort()))}`,
  ];
  console.log(lines.join('\n'));
  await gateway.stop();
  await upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`SOAK FAILED:\n- ${failures.join('\n- ')}\n${gateway.stderr().slice(-2_000)}`);
    process.exit(1);
  }
  console.log('soak passed');
}

await main();
