// The `synapse` command line: serve, manage API keys and mint tokens, on the same data directory
// and domain services as the gateway (it works while a gateway is running on that directory);
// the agent commands (memory, hooks, MCP) talk to a gateway through the SDK (src/cli/agent-commands.ts).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.js';
import { resolveJwtSecret } from '../config/jwt-secret.js';
import { ApiKeyService } from '../domain/auth/api-key-service.js';
import { looksLikeApiKey } from '../domain/auth/api-key-codec.js';
import { isRole, roleAllows, type Role } from '../domain/auth/roles.js';
import { TokenIssuer } from '../domain/auth/token-issuer.js';
import { openStorage } from '../stores/open-storage.js';
import type { ApiKeyRecord } from '../stores/api-key-store.js';
import type { Storage } from '../stores/storage.js';
import { SynapseApiError, SynapseConfigError } from '../sdk/index.js';
import { agentUsageLines, isAgentCommand, runAgentCommand } from './agent-commands.js';
import { processIo } from './cli-io.js';
import { CommandError, UsageError } from './usage-error.js';

const usage = `usage: synapse <command>

  serve [--mock]                                 start the gateway (same as npm start); --mock: no upstream, mock answers
  keys create --tenant T --role R --name N       create an API key (printed once)
  keys list [--tenant T] [--json]                list keys (never the keys themselves)
  keys revoke ID                                 revoke a key at once
  token --key KEY [--role R]                     print a 24 h JWT for a key (or: token KEY_ID)

Configuration comes from the environment and synapse.config.json, as for the server.

Agent commands, against a running gateway (SYNAPSE_GATEWAY_URL, SYNAPSE_API_KEY or SYNAPSE_TOKEN,
SYNAPSE_PROJECT_ID, SYNAPSE_BRANCH); each takes --help, and --json where it prints data:

${agentUsageLines()}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') {
    // Loaded on demand: the gateway's modules would cost every other command (hooks most) half a second.
    const { runServer } = await import('../server.js');
    await runServer(rest.includes('--mock') ? { mock: true } : undefined);
    return -1; // keep running
  }
  if (command === 'keys') return runKeys(rest);
  if (command === 'token') return runToken(rest);
  if (isAgentCommand(command)) return runAgentCommand(argv, processIo());
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage + '\n');
    return command === undefined ? 1 : 0;
  }
  throw new UsageError(`unknown command '${command}'\n\n${usage}`);
}

async function withKeys<T>(task: (keys: ApiKeyService, config: ReturnType<typeof loadConfig>, storage: Storage) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const storage = await openStorage(config);
  try {
    return await task(new ApiKeyService(storage.apiKeys), config, storage);
  } finally {
    await storage.close();
  }
}

async function runKeys(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (action === 'create') {
    const role = values.role ?? 'user';
    if (!isRole(role)) throw new UsageError(`--role must be admin, user or readonly`);
    const created = await withKeys((keys) =>
      keys.createKey({ tenantId: values.tenant ?? 'default', role, name: values.name ?? 'cli' }),
    );
    printRecord(created.record);
    process.stdout.write(`key: ${created.key}\n(shown once: store it now)\n`);
    return 0;
  }
  if (action === 'list') {
    const records = await withKeys((keys) => keys.listKeys(values.tenant));
    if (values.json) process.stdout.write(JSON.stringify(records.map(({ keyHash: _h, ...r }) => r), null, 2) + '\n');
    else for (const record of records) printRecord(record);
    return 0;
  }
  if (action === 'revoke') {
    const id = positionals[0];
    if (!id) throw new UsageError('keys revoke needs a key id');
    const record = await withKeys((keys) => keys.revokeKey(id));
    process.stdout.write(`revoked ${record.id} (${record.name}, tenant ${record.tenantId})\n`);
    return 0;
  }
  throw new UsageError(`keys needs create, list or revoke`);
}

async function runToken(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, role: { type: 'string' } },
  });
  const credential = values.key ?? positionals[0] ?? process.env.SYNAPSE_API_KEY;
  if (!credential) throw new UsageError('token needs --key KEY (or a key id)');
  if (values.role !== undefined && !isRole(values.role)) throw new UsageError('--role must be admin, user or readonly');
  const token = await withKeys(async (keys, config, storage) => {
    const record = looksLikeApiKey(credential) ? (await keys.authenticateKey(credential)).record : await keys.findKey(credential);
    if (!record || record.revokedAt) throw new UsageError('no active key matches');
    const role: Role = (values.role as Role | undefined) ?? record.role;
    const issuer = new TokenIssuer(await resolveJwtSecret(config.jwtSecret, config.dataDir, storage.secrets), Date.now, config.tokenLifetimeSecs);
    if (!roleAllows(record.role, role)) throw new UsageError(`role '${role}' is wider than the key's role '${record.role}'`);
    return issuer.issue(record.id, record.tenantId, role);
  });
  process.stdout.write(token.accessToken + '\n');
  return 0;
}

function printRecord(record: ApiKeyRecord): void {
  const state = record.revokedAt ? `revoked ${record.revokedAt}` : 'active';
  process.stdout.write(
    `${record.id}  tenant=${record.tenantId}  role=${record.role}  name=${record.name}  ${record.keyPrefix}…  ${state}\n`,
  );
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (error) {
    // parseArgs rejects unknown options with a TypeError whose code starts ERR_PARSE_ARGS: a usage error too.
    const badArgs = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || error instanceof ConfigError || badArgs || (error as Error).name === 'SynapseError') {
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
