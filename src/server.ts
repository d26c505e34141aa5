// Starts a gateway and serves it until SIGTERM or SIGINT, then drains in-flight requests and
// closes the database. Shared by `npm start` and `synapse serve`.
import { ConfigError, loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { createGateway, type Gateway } from './gateway.js';

export async function serve(config: Config = loadConfig()): Promise<Gateway> {
  const gateway = await createGateway(config);
  const { app } = gateway;
  await app.listen({ port: config.port, host: config.host });
  await gateway.metricsApp?.listen({ port: config.metrics.port ?? 0, host: config.metrics.host ?? config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (gateway.firstAdminKey) printFirstAdminKey(gateway.firstAdminKey.key, port);
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
  return gateway;
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
  try {
    await serve(loadConfig(overrides ? { overrides } : {}));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
