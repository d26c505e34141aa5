// Finds the command `synapse <words...>` names in a list of command specs: a two-word command
// (`branch create`), else a one-word one (`recall`), else the listing of a group (`synapse branch`).
import type { CliIo } from './cli-io.js';
import { runCommand, type CommandSpec } from './command.js';
import { UsageError } from './usage-error.js';

/** True when `word` starts a command of the list (`branch` for `branch create`). */
export function isCommandWord(commands: readonly CommandSpec[], word: string | undefined): boolean {
  return word !== undefined && commands.some((c) => c.name.split(' ')[0] === word);
}

export async function dispatchCommand(commands: readonly CommandSpec[], argv: string[], io: CliIo): Promise<number> {
  const [first = '', second] = argv;
  const nested = commands.find((c) => c.name === `${first} ${second}`);
  if (nested) return runCommand(nested, argv.slice(2), io);
  const single = commands.find((c) => c.name === first);
  if (single) return runCommand(single, argv.slice(1), io);
  const group = commands.filter((c) => c.name.startsWith(`${first} `));
  const listing = group.map((c) => `  synapse ${c.name.padEnd(18)} ${c.summary.split('.')[0]}`).join('\n');
  if (second === undefined || second === '--help' || second === '-h') {
    io.stdout.write(`usage: synapse ${first} <${group.map((c) => c.name.split(' ')[1]).join('|')}>\n\n${listing}\n`);
    return second === undefined ? 2 : 0;
  }
  throw new UsageError(`unknown command '${first} ${second}'\n\n${listing}`);
}
