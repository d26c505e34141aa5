// Starts a gateway and serves it until SIGTERM or SIGINT, then drains in-flight requests and
// closes the database. Shared by `npm start` and `synapse serve`. A start that fails ends with one
// line saying what to fix (src/start-failure.ts), not a stack trace.
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { createGateway, type Gateway } from './gateway.js';
import { describeStartFailure, redactUrl } from './start-failure.js';

export async function serve(config: Config = loadConfig()): Promise<Gateway> {
  const gateway = await createGateway(config);
  const { app } = gateway;
  try {
    await app.listen({ port: config.port, host: config.host });
    await gateway.metricsApp?.listen({ port: config.metrics.port ?? 0, host: config.metrics.host ?? config.host });
  } catch (error) {
    await gateway.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: draining in-flight requests');
    const deadline = setTimeout(() => {
      app.log.warn('drain deadline passed; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    deadline.unref();
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // Printed once the signal handlers are in place: a supervisor that stops the gateway as soon as it
  // reads the first line must not kill it halfway through these lines.
  printStartLines(config, port);
  if (gateway.firstAdminKey) printFirstAdminKey(gateway.firstAdminKey.key, port);
  return gateway;
}

/** Where the gateway listens and keeps its data, and a warning when it has no provider key at all. */
function printStartLines(config: Config, port: number): void {
  const storage = config.database.url
    ? `PostgreSQL at ${redactUrl(config.database.url)} (schema ${config.database.schema})`
    : `${resolve(config.dataDir)} (SQLite)`;
  const redis = config.redis.url ? `; Redis at ${redactUrl(config.redis.url)}` : '';
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const where = everywhere ? `http://localhost:${port} (all interfaces, HOST=${config.host})` : `http://${config.host}:${port}`;
  process.stdout.write(`synapse: listening on ${where}; data: ${storage}${redis}\n`);
  if (config.mock) {
    process.stderr.write('synapse: warning: the mock provider answers every request (no upstream is called); responses carry x-synapse-mock: true\n');
  } else if (!hasProviderKey(config)) {
    process.stderr.write(
      'synapse: warning: no upstream provider key is configured (OPENAI_API_KEY, ANTHROPIC_API_KEY, or an apiKey in ' +
        'the upstreams of synapse.config.json): clients must send their own provider key in x-api-key with each ' +
        'request (fine for an upstream that needs none, such as a local Ollama)\n',
    );
  }
}

/** True when some upstream carries a provider key: its apiKey, or a credential header of its own. */
export function hasProviderKey(config: Config): boolean {
  return config.upstreams.some(
    (upstream) => Boolean(upstream.apiKey) || Object.keys(upstream.headers).some((name) => /^(authorization|api-key|x-api-key)$/i.test(name)),
  );
}

function printFirstAdminKey(key: string, port: number): void {
  process.stdout.write(
    [
      '',
      'Synapse created an admin API key for tenant "default". It is shown only this once:',
      '',
      `  ${key}`,
      '',
      'Try it:',
      `  curl -s http://localhost:${port}/api/v1/auth/token -H 'Content-Type: application/json' -d '{"api_key":"${key}"}'`,
      '',
    ].join('\n') + '\n',
  );
}

/** `overrides` are applied over the loaded configuration (e.g. `{ mock: true }` for `synapse serve --mock`). */
export async function runServer(overrides?: Record<string, unknown>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(overrides ? { overrides } : {});
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`synapse: ${error.message}\n`);
    process.exit(2);
  }
  try {
    await serve(config);
  } catch (error) {
    const described = describeStartFailure(error, config);
    if (described === undefined) throw error;
    process.stderr.write(`synapse: ${described}\n`);
    process.exit(1);
  }
}
