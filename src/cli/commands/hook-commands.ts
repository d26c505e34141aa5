// `synapse hook <event>` (run by a coding agent or git) and `synapse hooks install|uninstall`.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { git } from '../agent-context.js';
import { printJson, type CliIo } from '../cli-io.js';
import { stringOption, type CommandSpec, type OptionSpec, type OptionValues } from '../command.js';
import { installClaudeHooks, uninstallClaudeHooks } from '../hooks/claude-settings.js';
import { runFailOpen } from '../hooks/fail-open.js';
import { installGitHook, uninstallGitHook } from '../hooks/git-hook.js';
import { readHookPayload } from '../hooks/hook-payload.js';
import { runPostCommit } from '../hooks/post-commit.js';
import { runSessionCheckpoint } from '../hooks/session-checkpoint.js';
import { runSessionStart } from '../hooks/session-start.js';
import { UsageError } from '../usage-error.js';

const EVENTS = ['session-start', 'session-end', 'pre-compact', 'post-commit'] as const;
type HookEvent = (typeof EVENTS)[number];
const AGENTS = ['claude-code', 'git'] as const;

const installOptions: Record<string, OptionSpec> = {
  agent: { type: 'string', placeholder: 'AGENT', description: 'claude-code (default): .claude/settings.json; git: .git/hooks/post-commit' },
  global: { type: 'boolean', description: 'claude-code: use ~/.claude/settings.json instead of the project one' },
  settings: { type: 'string', placeholder: 'FILE', description: 'claude-code: this settings file instead' },
  json: { type: 'boolean', description: 'print what changed as JSON' },
};

export const hookCommands: CommandSpec[] = [
  {
    name: 'hook',
    summary:
      'Run a session hook, reading the agent\'s hook JSON from stdin. session-start prints context; session-end and ' +
      'pre-compact store a milestone from the transcript; post-commit stores one per git commit. Never blocks: it ' +
      'exits 0 within 2 seconds, spooling a milestone the gateway cannot take (see `synapse status`, `synapse sync`); ' +
      'problems go to stderr as one line (post-commit: only to the cache directory\'s hook-problems.log).',
    args: 'session-start|session-end|pre-compact|post-commit',
    positionals: [1, 1],
    examples: ['echo \'{"cwd":"."}\' | synapse hook session-start'],
    async run({ positionals, io }) {
      const event = positionals[0] as HookEvent;
      if (!EVENTS.includes(event)) throw new UsageError(`unknown hook event '${event}': use ${EVENTS.join(', ')}`);
      const code = await runFailOpen(io, event, async (signal) => {
        const payload = event === 'post-commit' ? {} : await readHookPayload(io);
        if (event === 'session-start') await runSessionStart(io, payload, signal);
        else if (event === 'post-commit') await runPostCommit(io, signal);
        else await runSessionCheckpoint(io, event, payload, signal);
      });
      // Idle keep-alive sockets must not hold the agent up once the work is done.
      setTimeout(() => process.exit(process.exitCode ?? code), 100).unref();
      return code;
    },
  },
  {
    name: 'hooks install',
    summary: 'Add the Synapse hooks to Claude Code\'s settings (merged with the hooks already there) or to git.',
    args: '[--agent claude-code|git] [--global]',
    options: { ...installOptions, command: { type: 'string', placeholder: 'EXE', description: 'how hooks run synapse (default: synapse)' } },
    examples: ['synapse hooks install --agent claude-code', 'synapse hooks install --agent claude-code --global', 'synapse hooks install --agent git'],
    async run({ values, io }) {
      const executable = stringOption(values, 'command') ?? 'synapse';
      if (agentOf(values) === 'git') {
        const path = await gitHookPath(io);
        return report(io, values, path, installGitHook(path, executable) ? ['post-commit'] : [], 'installed');
      }
      const change = installClaudeHooks(await settingsPath(io, values), executable);
      return report(io, values, change.path, change.changed, 'installed');
    },
  },
  {
    name: 'hooks uninstall',
    summary: 'Remove exactly the hooks `synapse hooks install` added, nothing else.',
    args: '[--agent claude-code|git] [--global]',
    options: installOptions,
    async run({ values, io }) {
      if (agentOf(values) === 'git') {
        const path = await gitHookPath(io);
        return report(io, values, path, uninstallGitHook(path) ? ['post-commit'] : [], 'removed');
      }
      const change = uninstallClaudeHooks(await settingsPath(io, values));
      return report(io, values, change.path, change.changed, 'removed');
    },
  },
];

function agentOf(values: OptionValues): (typeof AGENTS)[number] {
  const agent = stringOption(values, 'agent') ?? 'claude-code';
  if (!(AGENTS as readonly string[]).includes(agent)) throw new UsageError(`--agent must be ${AGENTS.join(' or ')}`);
  return agent as (typeof AGENTS)[number];
}

async function settingsPath(io: CliIo, values: OptionValues): Promise<string> {
  const explicit = stringOption(values, 'settings');
  if (explicit) return resolve(io.cwd, explicit);
  if (values.global) return join(io.env.HOME || homedir(), '.claude', 'settings.json');
  const root = (await git(['rev-parse', '--show-toplevel'], io.cwd)) ?? io.cwd;
  return join(root, '.claude', 'settings.json');
}

async function gitHookPath(io: CliIo): Promise<string> {
  const path = await git(['rev-parse', '--git-path', 'hooks/post-commit'], io.cwd);
  if (!path) throw new UsageError('not in a git repository');
  return resolve(io.cwd, path);
}

function report(io: CliIo, values: OptionValues, path: string, changed: string[], verb: string): number {
  if (values.json) printJson(io, { path, [verb]: changed });
  else if (changed.length === 0) io.stdout.write(`nothing to do: ${path} is already ${verb === 'installed' ? 'set up' : 'free of Synapse hooks'}\n`);
  else io.stdout.write(`${verb} ${changed.join(', ')} in ${path}\n`);
  return 0;
}
