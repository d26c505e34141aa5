// The agent-facing commands (memory, hooks, MCP) and how `synapse <words...>` finds one of them.
import type { CliIo } from './cli-io.js';
import { commandHelp, runCommand, type CommandSpec } from './command.js';
import { branchCommands } from './commands/branch-commands.js';
import { contributorCommands } from './commands/contributor-commands.js';
import { hookCommands } from './commands/hook-commands.js';
import { mcpCommand } from './commands/mcp-command.js';
import { milestoneCommands } from './commands/milestone-commands.js';
import { projectCommands } from './commands/project-commands.js';
import { searchCommands } from './commands/search-commands.js';
import { spoolCommands } from './commands/spool-commands.js';
import { UsageError } from './usage-error.js';

export const agentCommands: CommandSpec[] = [
  ...projectCommands,
  ...milestoneCommands,
  ...searchCommands,
  ...branchCommands,
  ...contributorCommands,
  ...hookCommands,
  mcpCommand,
  ...spoolCommands,
];

/** Groups whose first word alone is not a command: `synapse branch` lists its subcommands. */
const GROUPS = ['branch', 'hooks'];

export function isAgentCommand(word: string | undefined): boolean {
  return word !== undefined && (GROUPS.includes(word) || agentCommands.some((c) => c.name.split(' ')[0] === word));
}

export async function runAgentCommand(argv: string[], io: CliIo): Promise<number> {
  const [first = '', second] = argv;
  const nested = agentCommands.find((c) => c.name === `${first} ${second}`);
  if (nested) return runCommand(nested, argv.slice(2), io);
  const single = agentCommands.find((c) => c.name === first);
  if (single) return runCommand(single, argv.slice(1), io);
  const group = agentCommands.filter((c) => c.name.startsWith(`${first} `));
  const listing = group.map((c) => `  synapse ${c.name.padEnd(18)} ${c.summary.split('.')[0]}`).join('\n');
  if (second === undefined || second === '--help' || second === '-h') {
    io.stdout.write(`usage: synapse ${first} <${group.map((c) => c.name.split(' ')[1]).join('|')}>\n\n${listing}\n`);
    return second === undefined ? 2 : 0;
  }
  throw new UsageError(`unknown command '${first} ${second}'\n\n${listing}`);
}

/** One line per agent command for the top-level usage. */
export function agentUsageLines(): string {
  return agentCommands
    .map((c) => {
      const summary = c.summary.split(/[.:;]/)[0]!;
      return `  ${c.name.padEnd(20)} ${summary.length > 70 ? summary.slice(0, 69) + '…' : summary}`;
    })
    .join('\n');
}

export { commandHelp };
