// `synapse serve`, `synapse keys create|list|revoke` and `synapse token`: the gateway itself and its
// API keys, on the same data directory and configuration as the server (they work while a gateway
// is running on that directory). Nothing is opened before the arguments are parsed, so --help is free,
// and the configuration and storage modules load only when a command needs them (every `synapse`
// run, hooks included, would otherwise pay a third of a second for the database drivers).
import type { Config } from '../../config/schema.js';
import type { ApiKeyService } from '../../domain/auth/api-key-service.js';
import { looksLikeApiKey } from '../../domain/auth/api-key-codec.js';
import { isRole, roleAllows, type Role } from '../../domain/auth/roles.js';
import type { ApiKeyRecord } from '../../stores/ports/api-key-store.js';
import type { Storage } from '../../stores/ports/storage.js';
import type { CliIo } from '../cli-io.js';
import { printJson } from '../cli-io.js';
import { stringOption, type CommandSpec, type OptionSpec } from '../command.js';
import { CommandError, UsageError } from '../usage-error.js';

const CONFIG_NOTE = 'Configured like the server: environment variables and synapse.config.json (docs/configuration.md).';

const roleOption: OptionSpec = { type: 'string', placeholder: 'ROLE', description: 'admin, user (default) or readonly' };

export const gatewayCommands: CommandSpec[] = [
  {
    name: 'serve',
    summary: `Start the gateway (same as npm start) and serve until SIGTERM or Ctrl-C. ${CONFIG_NOTE}`,
    args: '[--mock]',
    options: {
      mock: { type: 'boolean', description: 'answer every request with the built-in mock provider: no upstream, no key (responses carry x-synapse-mock: true)' },
    },
    examples: ['synapse serve', 'synapse serve --mock', 'PORT=9090 OPENAI_API_KEY=sk-... synapse serve'],
    async run({ values }) {
      // Loaded on demand: the gateway's modules would cost every other command (hooks most) half a second.
      const { runServer } = await import('../../server.js');
      await runServer(values.mock ? { mock: true } : undefined);
      return -1; // keep running
    },
  },
  {
    name: 'keys create',
    summary: `Create an API key; the key is printed once. ${CONFIG_NOTE}`,
    args: '[--tenant T] [--role R] [--name N]',
    options: {
      tenant: { type: 'string', placeholder: 'T', description: 'tenant id (default: default)' },
      role: roleOption,
      name: { type: 'string', placeholder: 'N', description: 'a label for the key (default: cli)' },
    },
    examples: ['synapse keys create --tenant acme --role user --name ci-bot'],
    async run({ values, io }) {
      const role = stringOption(values, 'role') ?? 'user';
      if (!isRole(role)) throw new UsageError('--role must be admin, user or readonly');
      const created = await withKeys((keys) =>
        keys.createKey({ tenantId: stringOption(values, 'tenant') ?? 'default', role, name: stringOption(values, 'name') ?? 'cli' }),
      );
      printRecord(io, created.record);
      io.stdout.write(`key: ${created.key}\n(shown once: store it now)\n`);
      return 0;
    },
  },
  {
    name: 'keys list',
    summary: `List API keys (never the keys themselves). ${CONFIG_NOTE}`,
    args: '[--tenant T] [--json]',
    options: {
      tenant: { type: 'string', placeholder: 'T', description: 'only this tenant' },
      json: { type: 'boolean', description: 'print JSON for scripts' },
    },
    async run({ values, io }) {
      const records = await withKeys((keys) => keys.listKeys(stringOption(values, 'tenant')));
      if (values.json) printJson(io, records.map(({ keyHash: _hash, ...record }) => record));
      else for (const record of records) printRecord(io, record);
      return 0;
    },
  },
  {
    name: 'keys revoke',
    summary: `Revoke an API key at once (a running gateway refuses it within a second). ${CONFIG_NOTE}`,
    args: 'ID',
    positionals: [1, 1],
    async run({ positionals, io }) {
      const record = await withKeys((keys) => keys.revokeKey(positionals[0]!));
      io.stdout.write(`revoked ${record.id} (${record.name}, tenant ${record.tenantId})\n`);
      return 0;
    },
  },
  {
    name: 'token',
    summary: `Print a JWT (24 h by default) for an API key, or for a key id. ${CONFIG_NOTE}`,
    args: '--key KEY [--role R] | KEY_ID',
    positionals: [0, 1],
    options: {
      key: { type: 'string', placeholder: 'KEY', description: 'the API key (default $SYNAPSE_API_KEY)' },
      role: { ...roleOption, description: "a role no wider than the key's (default: the key's)" },
    },
    examples: ['synapse token --key sk-syn-...', 'synapse token key_... --role readonly'],
    async run({ values, positionals, io }) {
      const credential = stringOption(values, 'key') ?? positionals[0] ?? io.env.SYNAPSE_API_KEY;
      if (!credential) throw new UsageError('token needs --key KEY (or a key id)');
      const wanted = stringOption(values, 'role');
      if (wanted !== undefined && !isRole(wanted)) throw new UsageError('--role must be admin, user or readonly');
      const token = await withKeys(async (keys, config, storage) => {
        const record = looksLikeApiKey(credential) ? (await keys.authenticateKey(credential)).record : await keys.findKey(credential);
        if (!record || record.revokedAt) throw new UsageError('no active key matches');
        const role: Role = (wanted as Role | undefined) ?? record.role;
        if (!roleAllows(record.role, role)) throw new UsageError(`role '${role}' is wider than the key's role '${record.role}'`);
        const [{ TokenIssuer }, { resolveJwtSecret }] = await Promise.all([
          import('../../domain/auth/token-issuer.js'),
          import('../../config/jwt-secret.js'),
        ]);
        const issuer = new TokenIssuer(await resolveJwtSecret(config.jwtSecret, config.dataDir, storage.secrets), Date.now, config.tokenLifetimeSecs);
        return issuer.issue(record.id, record.tenantId, role);
      });
      io.stdout.write(token.accessToken + '\n');
      return 0;
    },
  },
];

/** Opens the configured storage for one task; a database that cannot be opened is a one-line error. */
async function withKeys<T>(task: (keys: ApiKeyService, config: Config, storage: Storage) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { openStorage }, { ApiKeyService }, { describeStartFailure }] = await Promise.all([
    import('../../config/load.js'),
    import('../../stores/open-storage.js'),
    import('../../domain/auth/api-key-service.js'),
    import('../../start-failure.js'),
  ]);
  const config = loadConfig();
  let storage: Storage;
  try {
    storage = await openStorage(config);
  } catch (error) {
    const described = describeStartFailure(error, config);
    if (described) throw new CommandError(described);
    throw error;
  }
  try {
    return await task(new ApiKeyService(storage.apiKeys), config, storage);
  } finally {
    await storage.close();
  }
}

function printRecord(io: CliIo, record: ApiKeyRecord): void {
  const state = record.revokedAt ? `revoked ${record.revokedAt}` : 'active';
  io.stdout.write(`${record.id}  tenant=${record.tenantId}  role=${record.role}  name=${record.name}  ${record.keyPrefix}…  ${state}\n`);
}
