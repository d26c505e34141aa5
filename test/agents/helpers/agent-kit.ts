// Shared set-up for the agent tests: a real gateway with a user key, the CLI run as a child
// process (located relative to this compiled file, so it works from any build directory), and
// temporary directories cleaned up at the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../../helpers/test-gateway.js';

/** The compiled CLI module next to this compiled test (…/src/cli/main.js). */
export const CLI_MODULE = new URL('../../../src/cli/main.js', import.meta.url).href;

export interface AgentGateway extends TestGateway {
  /** A `user` key of tenant `agents`. */
  userKey: string;
}

export async function startAgentGateway(options: TestGatewayOptions = {}): Promise<AgentGateway> {
  const gw = await startTestGateway(options);
  const { key } = await gw.createKey({ role: 'user', name: 'agent-tests', tenant_id: 'agents' });
  return Object.assign(gw, { userKey: key });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface CliRun {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
  timeoutMs?: number;
}

/**
 * Runs `synapse ...args` as a child process with only the environment given (plus PATH, HOME and,
 * unless the test names one, a cache directory of its own, so no run sees another's token or spool).
 */
export function runSynapse(args: string[], run: CliRun = {}): Promise<CliResult> {
  const started = Date.now();
  const script = `const { runCli } = await import(${JSON.stringify(CLI_MODULE)}); await runCli(process.argv.slice(1));`;
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: run.env?.HOME ?? tmpdir() };
    if (run.env?.SYNAPSE_CACHE_DIR === undefined && run.env?.XDG_CACHE_HOME === undefined) env.XDG_CACHE_HOME = tempDir('synapse-cache-');
    for (const [name, value] of Object.entries(run.env ?? {})) if (value !== undefined) env[name] = value;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
      cwd: run.cwd ?? tmpdir(),
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
    child.stdin.end(run.stdin ?? '');
  });
}

const tempDirs: string[] = [];

export function tempDir(prefix = 'synapse-agents-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The repository root: the nearest parent of this file holding package.json and docs/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'docs')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

/** The fixtures directory in the source tree (fixtures are not compiled). */
export function fixturePath(name: string): string {
  return join(repoRoot(), 'test', 'agents', 'fixtures', name);
}
