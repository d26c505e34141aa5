// The agent-facing commands (memory, hooks, MCP) and how `synapse <words...>` finds one of them.
import type { CliIo } from './cli-io.js';
import { commandHelp, type CommandSpec } from './command.js';
import { branchCommands } from './commands/branch-commands.js';
import { contributorCommands } from './commands/contributor-commands.js';
import { hookCommands } from './commands/hook-commands.js';
import { mcpCommand } from './commands/mcp-command.js';
import { milestoneCommands } from './commands/milestone-commands.js';
import { projectCommands } from './commands/project-commands.js';
import { searchCommands } from './commands/search-commands.js';
import { spoolCommands } from './commands/spool-commands.js';
import { dispatchCommand, isCommandWord } from './dispatch.js';

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

export function isAgentCommand(word: string | undefined): boolean {
  return isCommandWord(agentCommands, word);
}

export async function runAgentCommand(argv: string[], io: CliIo): Promise<number> {
  return dispatchCommand(agentCommands, argv, io);
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
