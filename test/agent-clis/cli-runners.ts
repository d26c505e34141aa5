// Runs one agent CLI (Claude Code in print mode, Codex exec) against a base URL, offline: a fresh
// HOME / CODEX_HOME and working directory per run, a minimal environment, and a hard timeout.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

export const CLI_TIMEOUT_MS = 120_000;

export interface ClaudeRunOptions {
  /** A directory for HOME and the working directory; default a new temporary one. */
  root?: string;
  /** ANTHROPIC_BASE_URL: the gateway's root, or with /v1. */
  baseUrl: string;
  prompt: string;
  /** Sent as x-api-key (ANTHROPIC_API_KEY) or, with `auth: 'token'`, as a Bearer token (ANTHROPIC_AUTH_TOKEN). */
  key: string;
  auth?: 'api-key' | 'token';
  model?: string;
  timeoutMs?: number;
}

export interface CodexRunOptions {
  /** A directory for HOME and the working directory; default a new temporary one. */
  root?: string;
  /** The Responses provider's base_url, ending in /v1. */
  baseUrl: string;
  prompt: string;
  key: string;
  model?: string;
  timeoutMs?: number;
}

// Current for the pinned Claude Code (it warns that claude-sonnet-4-5 is retired).
export const CLAUDE_MODEL = 'claude-sonnet-4-6';
export const CODEX_MODEL = 'gpt-4o-mini';

/** Nothing of the caller's environment leaks in (real keys, proxies, config dirs): only what a run needs. */
function baseEnv(home: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: tmpdir(),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    NO_PROXY: '127.0.0.1,localhost,::1',
  };
}

export function claudeEnv(home: string, options: ClaudeRunOptions): Record<string, string> {
  return {
    ...baseEnv(home),
    ANTHROPIC_BASE_URL: options.baseUrl,
    [options.auth === 'token' ? 'ANTHROPIC_AUTH_TOKEN' : 'ANTHROPIC_API_KEY']: options.key,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
    CLAUDE_CODE_ENABLE_TELEMETRY: '0',
    // Default retries back off for minutes on a refused connection or a 5xx; a test wants the error now.
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
}

/** config.toml for a CODEX_HOME whose only provider is the base URL, with Codex's network extras off. */
export function codexConfigToml(options: CodexRunOptions): string {
  return [
    `model = ${JSON.stringify(options.model ?? CODEX_MODEL)}`,
    'model_provider = "synapse"',
    'approval_policy = "never"',
    'sandbox_mode = "read-only"',
    'check_for_update_on_startup = false',
    '',
    '[model_providers.synapse]',
    'name = "Synapse"',
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    'wire_api = "responses"',
    'env_key = "SYNAPSE_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[feedback]',
    'enabled = false',
    '',
    '[otel]',
    'exporter = "none"',
    '',
    '[history]',
    'persistence = "none"',
    '',
    // Plugins sync from GitHub and chatgpt.com at start (DNS look-ups even when nothing answers).
    '[features]',
    'plugins = false',
    '',
  ].join('\n');
}

function spawnBounded(binary: string, args: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Own process group, so a timeout kills the CLI and everything it started.
    const child = spawn(binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr, ms: Date.now() - started });
    };
    child.on('error', (err) => {
      stderr += String(err);
      finish(-1, null);
    });
    child.on('close', finish);
  });
}

/**
 * The CLIs write HOME and the working directory into their prompts, so two runs meant to be
 * identical share a `root` path: emptied before and after each run, it still makes a fresh HOME.
 */
function withRunDirs<T>(prefix: string, root: string | undefined, body: (home: string, cwd: string) => Promise<T>): Promise<T> {
  const dir = root ?? mkdtempSync(join(tmpdir(), prefix));
  const home = join(dir, 'home');
  const cwd = join(dir, 'work');
  const clear = (): void => {
    rmSync(home, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  };
  clear();
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  return body(home, cwd).finally(() => (root === undefined ? rmSync(dir, { recursive: true, force: true }) : clear()));
}

/** `claude -p PROMPT`: a new HOME makes every run a new session with no memory of the last. */
export function runClaude(binary: string, options: ClaudeRunOptions): Promise<CliRun> {
  return withRunDirs('synapse-claude-', options.root, (home, cwd) => {
    const args = ['-p', options.prompt, '--model', options.model ?? CLAUDE_MODEL];
    return spawnBounded(binary, args, claudeEnv(home, options), cwd, options.timeoutMs ?? CLI_TIMEOUT_MS);
  });
}

/** `codex exec --skip-git-repo-check PROMPT` with a fresh CODEX_HOME holding only config.toml. */
export function runCodex(binary: string, options: CodexRunOptions): Promise<CliRun> {
  return withRunDirs('synapse-codex-', options.root, (home, cwd) => {
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, 'config.toml'), codexConfigToml(options));
    const env = { ...baseEnv(home), CODEX_HOME: codexHome, SYNAPSE_API_KEY: options.key };
    const args = ['exec', '--skip-git-repo-check', options.prompt];
    return spawnBounded(binary, args, env, cwd, options.timeoutMs ?? CLI_TIMEOUT_MS);
  });
}
