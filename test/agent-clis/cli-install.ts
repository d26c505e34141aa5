// Installs the pinned agent CLIs (Claude Code, Codex) once into a cache outside any repository,
// ${XDG_CACHE_HOME:-$HOME/.cache}/synapse-e2e-agents/<package>@<version>/, and finds their binaries.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PinnedCli {
  /** The command's name, also the cache folder's prefix. */
  name: 'claude-code' | 'codex';
  npmPackage: string;
  version: string;
}

export const CLAUDE_CODE: PinnedCli = { name: 'claude-code', npmPackage: '@anthropic-ai/claude-code', version: '2.1.332' };
export const CODEX: PinnedCli = { name: 'codex', npmPackage: '@openai/codex', version: '0.171.0' };

export interface InstalledCli {
  cli: PinnedCli;
  /** The executable to spawn. */
  binary: string;
  dir: string;
  /** Wall time of the npm install, absent when the cache already had it. */
  installMs?: number;
}

const MARKER = '.synapse-e2e-installed';
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export function agentCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(cacheHome, 'synapse-e2e-agents');
}

/**
 * Claude Code's postinstall copies the platform binary over a placeholder; spawning the
 * platform package's own binary works whether or not npm ran that script.
 */
function claudeBinary(dir: string): string | undefined {
  const scope = join(dir, 'node_modules', '@anthropic-ai');
  const base = `claude-code-${process.platform}-${process.arch}`;
  for (const candidate of [join(scope, base, 'claude'), join(scope, `${base}-musl`, 'claude')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Codex's launcher (bin/codex.js) picks the native binary from its platform package. */
function codexBinary(dir: string): string | undefined {
  const triple = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl`;
  const native = join(dir, 'node_modules', '@openai', `codex-${process.platform}-${process.arch}`, 'vendor', triple, 'bin', 'codex');
  const launcher = join(dir, 'node_modules', '.bin', 'codex');
  return existsSync(native) && existsSync(launcher) ? launcher : undefined;
}

function findBinary(cli: PinnedCli, dir: string): string | undefined {
  return cli.name === 'claude-code' ? claudeBinary(dir) : codexBinary(dir);
}

function runNpmInstall(cli: PinnedCli, dir: string): Promise<{ code: number | null; stderr: string }> {
  // One quick retry: npm's default (two, backing off to a minute) makes a dead registry take 70 s to report.
  const retries = ['--fetch-retries=1', '--fetch-retry-mintimeout=2000', '--fetch-retry-maxtimeout=10000'];
  const args = ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', ...retries, `${cli.npmPackage}@${cli.version}`];
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.on('error', (err) => resolve({ code: -1, stderr: err.message }));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** npm's error code and first message line, e.g. "ECONNREFUSED: FetchError: request to ... failed". */
function npmErrorSummary(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('npm error ')).map((l) => l.slice('npm error '.length).trim());
  const code = lines.find((l) => l.startsWith('code '))?.slice('code '.length);
  const message = lines.find((l) => l !== '' && !/^(code|syscall|errno|at) /.test(l));
  return [code, message].filter(Boolean).join(': ') || stderr.trim().split('\n').at(-1) || 'no output';
}

/** Installs once (a marker file records success); throws one clear line when it cannot be had. */
export async function installCli(cli: PinnedCli, cacheRoot = agentCacheRoot()): Promise<InstalledCli> {
  const dir = join(cacheRoot, `${cli.name}@${cli.version}`);
  const cached = existsSync(join(dir, MARKER)) ? findBinary(cli, dir) : undefined;
  if (cached) return { cli, binary: cached, dir };
  rmSync(dir, { recursive: true, force: true }); // a half-finished earlier install
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const result = await runNpmInstall(cli, dir);
  const binary = findBinary(cli, dir);
  if (result.code !== 0 || binary === undefined) {
    const why = result.code !== 0 ? `npm exited ${String(result.code)}: ${npmErrorSummary(result.stderr)}` : 'no native binary for this platform arrived';
    throw new Error(`cannot install ${cli.npmPackage}@${cli.version} from the npm registry (${why})`);
  }
  writeFileSync(join(dir, MARKER), `${new Date().toISOString()}\n`);
  return { cli, binary, dir, installMs: Date.now() - started };
}
