// Where an agent command works: the gateway client (SYNAPSE_GATEWAY_URL/TOKEN/API_KEY), the
// project (SYNAPSE_PROJECT_ID, else .synapse-project, else the git remote's repository name,
// else the git root folder) and the branch (SYNAPSE_BRANCH, else the current git branch, else main).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readEnvDefaults } from '../sdk/env-options.js';
import { FileTokenCache, Synapse, type SynapseOptions } from '../sdk/index.js';
import type { CliIo } from './cli-io.js';
import { stringOption, type OptionSpec, type OptionValues } from './command.js';
import { UsageError } from './usage-error.js';

/** Options shared by every command that talks to the gateway. */
export const clientOptions: Record<string, OptionSpec> = {
  url: { type: 'string', placeholder: 'URL', description: 'gateway URL (default $SYNAPSE_GATEWAY_URL, else http://localhost:8080)' },
  json: { type: 'boolean', description: 'print JSON for scripts instead of a table' },
};

export const projectOptions: Record<string, OptionSpec> = {
  project: { type: 'string', short: 'p', placeholder: 'ID', description: 'project id (default: $SYNAPSE_PROJECT_ID, .synapse-project, git remote, git root)' },
};

export const branchOptions: Record<string, OptionSpec> = {
  branch: { type: 'string', short: 'b', placeholder: 'NAME', description: 'memory branch (default: $SYNAPSE_BRANCH, else the current git branch)' },
};

export const agentOption: Record<string, OptionSpec> = {
  'agent-id': { type: 'string', placeholder: 'ID', description: 'agent id recorded with writes (default $SYNAPSE_AGENT_ID, else synapse-cli)' },
};

/** The command's client; its token is cached between runs (see hooks/hook-client.ts for the directory). */
export function createClient(io: CliIo, values: OptionValues, extra: SynapseOptions = {}): Synapse {
  const url = stringOption(values, 'url');
  const tokenCache = new FileTokenCache(readEnvDefaults(io.env).cacheDir);
  return new Synapse({ env: io.env, tokenCache, ...(url ? { baseUrl: url } : {}), ...extra });
}

export function agentIdOf(io: CliIo, values: OptionValues, fallback = 'synapse-cli'): string {
  return stringOption(values, 'agent-id') ?? (io.env.SYNAPSE_AGENT_ID?.trim() || fallback);
}

/** The project id, or a usage error saying how to set one. */
export async function requireProjectId(io: CliIo, values: OptionValues): Promise<string> {
  const projectId = stringOption(values, 'project') ?? (await resolveProjectId(io.env, io.cwd));
  if (!projectId) throw new UsageError('no project: pass --project, set SYNAPSE_PROJECT_ID, or add a .synapse-project file');
  return projectId;
}

export async function branchOf(io: CliIo, values: OptionValues): Promise<string> {
  return stringOption(values, 'branch') ?? (await resolveBranch(io.env, io.cwd));
}

export async function resolveProjectId(env: Record<string, string | undefined>, cwd: string): Promise<string | undefined> {
  const fromEnv = env.SYNAPSE_PROJECT_ID?.trim();
  if (fromEnv) return fromEnv;
  const gitRoot = await git(['rev-parse', '--show-toplevel'], cwd);
  const fromFile = readProjectFile(cwd, gitRoot);
  if (fromFile) return fromFile;
  const remote = await gitRemoteUrl(cwd);
  const fromRemote = remote ? repositoryName(remote) : undefined;
  if (fromRemote) return fromRemote;
  return gitRoot ? basename(gitRoot) : undefined;
}

export async function resolveBranch(env: Record<string, string | undefined>, cwd: string): Promise<string> {
  const fromEnv = env.SYNAPSE_BRANCH?.trim();
  if (fromEnv) return fromEnv;
  const current = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], cwd);
  return current || 'main';
}

/** `.synapse-project` in cwd or a parent, up to the git root: its first non-empty line. */
function readProjectFile(cwd: string, gitRoot: string | undefined): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, '.synapse-project');
    if (existsSync(file)) {
      const line = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
      if (line) return line;
    }
    if (dir === gitRoot || dirname(dir) === dir) return undefined;
  }
}

async function gitRemoteUrl(cwd: string): Promise<string | undefined> {
  const origin = await git(['remote', 'get-url', 'origin'], cwd);
  if (origin) return origin;
  const first = (await git(['remote'], cwd))?.split('\n')[0];
  return first ? git(['remote', 'get-url', first], cwd) : undefined;
}

/** `git@github.com:acme/widgets.git` and `https://host/acme/widgets` -> `widgets`. */
export function repositoryName(url: string): string | undefined {
  const name = url.trim().replace(/\/+$/, '').split(/[/:]/).pop()?.replace(/\.git$/, '');
  return name || undefined;
}

/** Runs git, returning trimmed stdout, or undefined when git fails or is missing. */
export function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 2_000, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}
