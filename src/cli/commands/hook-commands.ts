// `synapse hook <event>` (run by a coding agent or git) and `synapse hooks install|uninstall`.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { git } from '../agent-context.js';
import { printJson, type CliIo } from '../cli-io.js';
import { stringOption, type CommandSpec, type OptionSpec, type OptionValues } from '../command.js';
import { installClaudeHooks, uninstallClaudeHooks, type HookEntryChange } from '../hooks/claude-settings.js';
import { runFailOpen } from '../hooks/fail-open.js';
import { installGitHook, uninstallGitHook, type GitHookChange } from '../hooks/git-hook.js';
import { defaultHookExecutable, shellQuote } from '../hooks/hook-command-line.js';
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

const commandOption: OptionSpec = {
  type: 'string',
  placeholder: 'CMD',
  description:
    'the command the hooks run, followed by `hook <event>` (default: this node and this bin/synapse.js by absolute path, ' +
    'so hooks work without synapse on the PATH; e.g. --command synapse, --command "npx synapse")',
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
    summary:
      'Add the Synapse hooks to Claude Code\'s settings (merged with the hooks already there) or to git, and print ' +
      'exactly what was written. Running it again rewrites our entries to the current command and changes nothing else.',
    args: '[--agent claude-code|git] [--global] [--command CMD]',
    options: { ...installOptions, command: commandOption },
    examples: [
      'synapse hooks install --agent claude-code',
      'synapse hooks install --agent claude-code --global',
      'synapse hooks install --agent git',
      'synapse hooks install --command synapse     # when synapse is on the PATH everywhere hooks run',
    ],
    async run({ values, io }) {
      const executable = stringOption(values, 'command') ?? defaultHookExecutable();
      if (agentOf(values) === 'git') {
        const path = await gitHookPath(io);
        return reportGit(io, values, path, installGitHook(path, executable), 'installed');
      }
      const change = installClaudeHooks(await settingsPath(io, values), executable);
      return reportSettings(io, values, change.path, change.changed, change.unchanged, 'installed');
    },
  },
  {
    name: 'hooks uninstall',
    summary: 'Remove exactly the hooks `synapse hooks install` added, nothing else, and print what was removed.',
    args: '[--agent claude-code|git] [--global] [--command CMD]',
    options: {
      ...installOptions,
      command: { ...commandOption, description: 'also remove entries running exactly this command (one installed with a --command that does not name synapse)' },
    },
    async run({ values, io }) {
      if (agentOf(values) === 'git') {
        const path = await gitHookPath(io);
        return reportGit(io, values, path, uninstallGitHook(path), 'removed');
      }
      const change = uninstallClaudeHooks(await settingsPath(io, values), stringOption(values, 'command'));
      return reportSettings(io, values, change.path, change.changed, [], 'removed');
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

type Verb = 'installed' | 'removed';

function reportSettings(io: CliIo, values: OptionValues, path: string, changed: HookEntryChange[], unchanged: HookEntryChange[], verb: Verb): number {
  if (values.json) {
    printJson(io, { path, [verb]: changed.map((c) => c.event), commands: Object.fromEntries(changed.map((c) => [c.event, c.command])) });
    return 0;
  }
  if (changed.length === 0) {
    if (verb === 'removed') io.stdout.write(`nothing to do: ${path} has no Synapse hooks\n`);
    else io.stdout.write(`nothing to do: ${path} already runs\n${unchanged.map(entryLine).join('')}`);
    return 0;
  }
  io.stdout.write(`${verb} ${verb === 'installed' ? 'in' : 'from'} ${path}:\n${changed.map(entryLine).join('')}`);
  if (verb === 'installed') io.stdout.write(`undo with: synapse hooks uninstall${undoFlags(values)}\n`);
  return 0;
}

function entryLine(entry: HookEntryChange): string {
  const was = entry.previous ? `\n    (replaces: ${entry.previous})` : '';
  return `  ${`${entry.event}:`.padEnd(14)}${entry.command}${was}\n`;
}

function reportGit(io: CliIo, values: OptionValues, path: string, change: GitHookChange, verb: Verb): number {
  if (values.json) {
    printJson(io, { path, [verb]: change.line ? ['post-commit'] : [], ...(change.line ? { line: change.line } : {}) });
    return 0;
  }
  if (!change.line) {
    if (verb === 'removed') io.stdout.write(`nothing to do: ${path} has no Synapse line\n`);
    else io.stdout.write(`nothing to do: ${path} already runs\n  ${change.unchanged}\n`);
    return 0;
  }
  io.stdout.write(`${verb} ${verb === 'installed' ? 'in' : 'from'} ${path}:\n  ${change.line}\n`);
  if (change.previous) io.stdout.write(`  (replaces: ${change.previous})\n`);
  if (verb === 'installed') io.stdout.write('undo with: synapse hooks uninstall --agent git\n');
  return 0;
}

/** The flags that make `hooks uninstall` address the same file and entries. */
function undoFlags(values: OptionValues): string {
  const flags: string[] = [];
  if (values.global) flags.push('--global');
  const settings = stringOption(values, 'settings');
  if (settings) flags.push(`--settings ${shellQuote(settings)}`);
  const command = stringOption(values, 'command');
  if (command && !/synapse/.test(command)) flags.push(`--command ${shellQuote(command)}`);
  return flags.map((flag) => ` ${flag}`).join('');
}
