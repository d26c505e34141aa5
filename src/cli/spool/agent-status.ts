// What `synapse status` reports, gathered without changing anything: whether the gateway answers
// GET /health, the token the clients would use, the spool's waiting and refused milestones, and
// the last line of hook-problems.log.
import { readFile } from 'node:fs/promises';
import { readEnvDefaults } from '../../sdk/env-options.js';
import { FileTokenCache } from '../../sdk/index.js';
import { normalizeGatewayUrl } from '../../sdk/token-cache.js';
import { expiryOf } from '../../sdk/token-source.js';
import type { CliIo } from '../cli-io.js';
import { hookProblemLog } from '../hooks/hook-client.js';
import { MilestoneSpool } from './milestone-spool.js';

const HEALTH_TIMEOUT_MS = 2_000;

export interface AgentStatus {
  gateway: { url: string; answering: boolean; detail: string };
  token: { source: 'cache' | 'SYNAPSE_TOKEN' | 'none' | 'no-credentials'; expiresAt?: string };
  spool: {
    dir: string;
    waiting: number;
    oldest?: { spooledAt: string; event?: string; projectId?: string; branchName?: string };
    refused: Array<{ spooledAt: string; event: string; projectId: string; branchName: string; reason: string }>;
  };
  lastProblem?: { at: string; message: string };
  cacheDir: string;
}

export async function readAgentStatus(io: CliIo, urlOption: string | undefined): Promise<AgentStatus> {
  const env = readEnvDefaults(io.env);
  const url = normalizeGatewayUrl(urlOption ?? env.baseUrl);
  const [gateway, token, spool, lastProblem] = await Promise.all([
    probeGateway(url),
    tokenStatus(env, url),
    spoolStatus(MilestoneSpool.forGateway(env.cacheDir, url, io.now)),
    lastHookProblem(io),
  ]);
  return { gateway, token, spool, ...(lastProblem ? { lastProblem } : {}), cacheDir: env.cacheDir };
}

async function probeGateway(url: string): Promise<AgentStatus['gateway']> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await response.body?.cancel();
    const detail = `GET /health ${response.status} in ${Math.round(performance.now() - started)} ms`;
    return { url, answering: response.ok, detail };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = timedOut ? `no answer within ${HEALTH_TIMEOUT_MS} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { url, answering: false, detail };
  }
}

async function tokenStatus(env: ReturnType<typeof readEnvDefaults>, url: string): Promise<AgentStatus['token']> {
  const at = (ms: number | undefined) => (ms === undefined ? {} : { expiresAt: new Date(ms).toISOString() });
  if (env.token) return { source: 'SYNAPSE_TOKEN', ...at(expiryOf(env.token)) };
  if (!env.apiKey) return { source: 'no-credentials' };
  const cached = await new FileTokenCache(env.cacheDir).load(url, env.apiKey);
  return cached && cached.expiresAtMs > Date.now() ? { source: 'cache', ...at(cached.expiresAtMs) } : { source: 'none' };
}

async function spoolStatus(spool: MilestoneSpool): Promise<AgentStatus['spool']> {
  const files = await spool.files();
  const waiting = files.filter((file) => file.state !== 'rejected');
  const refused: AgentStatus['spool']['refused'] = [];
  for (const file of files.filter((f) => f.state === 'rejected')) {
    const entry = await spool.read(file);
    refused.push({
      spooledAt: new Date(file.spooledAtMs).toISOString(),
      event: entry?.event ?? '?',
      projectId: entry?.milestone?.projectId ?? '?',
      branchName: entry?.milestone?.branchName ?? '?',
      reason: entry?.reason ?? 'unreadable spool entry',
    });
  }
  const first = waiting[0];
  if (!first) return { dir: spool.dir, waiting: 0, refused };
  const entry = await spool.read(first);
  const oldest = {
    spooledAt: new Date(first.spooledAtMs).toISOString(),
    ...(entry ? { event: entry.event, projectId: entry.milestone.projectId, branchName: entry.milestone.branchName } : {}),
  };
  return { dir: spool.dir, waiting: waiting.length, oldest, refused };
}

async function lastHookProblem(io: CliIo): Promise<AgentStatus['lastProblem']> {
  const text = await readFile(hookProblemLog(io), 'utf8').catch(() => '');
  const line = text.trimEnd().split('\n').at(-1);
  const match = line ? /^(\S+) (.*)$/.exec(line) : null;
  return match ? { at: match[1]!, message: match[2]! } : undefined;
}
