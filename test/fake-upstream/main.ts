// CLI for running the fake upstream (OpenAI and Anthropic APIs) by hand or from benchmarks:
//   node dist/test/fake-upstream/main.js --port 9999 [--latency-ms 5] [--host 127.0.0.1] [--api-key KEY] [--anthropic-api-key KEY]
import { parseArgs } from 'node:util';
import { startFakeUpstream, type FakeUpstreamOptions } from './fake-upstream.js';

function toNonNegativeInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function readOptions(): FakeUpstreamOptions {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'latency-ms': { type: 'string' },
      'api-key': { type: 'string' },
      'anthropic-api-key': { type: 'string' },
    },
  });
  // Nobody can read a CLI server's call records, so don't let a long benchmark accumulate them.
  const options: FakeUpstreamOptions = { recordCalls: false };
  const port = toNonNegativeInt('port', values.port);
  const latencyMs = toNonNegativeInt('latency-ms', values['latency-ms']);
  if (port !== undefined) options.port = port;
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  if (values.host !== undefined) options.host = values.host;
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  if (values['anthropic-api-key'] !== undefined) options.anthropicApiKey = values['anthropic-api-key'];
  return options;
}

async function main(): Promise<void> {
  const starting = startFakeUpstream(readOptions());
  // Handlers go in before listening, so a signal sent as soon as the port answers is not lost.
  const stop = (): void => {
    starting.then((upstream) => upstream.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log((await starting).url);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
