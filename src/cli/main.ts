// The `synapse` command line: serve, manage API keys and mint tokens, on the same data directory
// and domain services as the gateway (it works while a gateway is running on that directory);
// the agent commands (memory, hooks, MCP) talk to a gateway through the SDK (src/cli/agent-commands.ts).
import { SynapseApiError, SynapseConfigError } from '../sdk/index.js';
import { agentUsageLines, isAgentCommand, runAgentCommand } from './agent-commands.js';
import { processIo } from './cli-io.js';
import { gatewayCommands } from './commands/gateway-commands.js';
import { dispatchCommand, isCommandWord } from './dispatch.js';
import { packageVersion } from './package-version.js';
import { CommandError, UsageError } from './usage-error.js';

const usage = `usage: synapse <command> [--help]

Gateway commands, on the gateway's own data directory (configured like the server: the
environment and synapse.config.json):

${gatewayCommands.map((c) => `  ${`${c.name} ${c.args ?? ''}`.padEnd(45)} ${c.summary.split(/[.(]/)[0]!.trim()}`).join('\n')}

Agent commands, against a running gateway (SYNAPSE_GATEWAY_URL, SYNAPSE_API_KEY or SYNAPSE_TOKEN,
SYNAPSE_PROJECT_ID, SYNAPSE_BRANCH); each takes --help, and --json where it prints data:

${agentUsageLines()}

  synapse --version                              print the version`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`synapse ${packageVersion()}\n`);
    return 0;
  }
  // `synapse help keys create` is `synapse keys create --help`.
  if (command === 'help' && rest.length > 0) return main([...rest, '--help']);
  if (isCommandWord(gatewayCommands, command)) return dispatchCommand(gatewayCommands, argv, processIo());
  if (isAgentCommand(command)) return runAgentCommand(argv, processIo());
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage + '\n');
    return command === undefined ? 1 : 0;
  }
  throw new UsageError(`unknown command '${command}'\n\n${usage}`);
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (error) {
    // parseArgs rejects unknown options with a TypeError whose code starts ERR_PARSE_ARGS: a usage error too.
    const badArgs = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || (error as Error).name === 'ConfigError' || badArgs || (error as Error).name === 'SynapseError') {
      process.stderr.write(`synapse: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof SynapseConfigError) {
      process.stderr.write(`synapse: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof CommandError) {
      process.stderr.write(`synapse: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof SynapseApiError) {
      const context = [error.type, error.status, error.requestId && `request ${error.requestId}`].filter(Boolean).join(', ');
      process.stderr.write(`synapse: ${error.message} (${context})\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
