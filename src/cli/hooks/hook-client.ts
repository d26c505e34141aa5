// The gateway client and identity a hook uses: few, quick retries (the hook's deadline bounds it).
import { Synapse } from '../../sdk/index.js';
import type { CliIo } from '../cli-io.js';

export function hookClient(io: CliIo): Synapse {
  return new Synapse({ env: io.env, maxRetries: 1, retry: { baseDelayMs: 200, maxRetryAfterMs: 1_000 } });
}

export function hookAgentId(io: CliIo, fallback: string): string {
  return io.env.SYNAPSE_AGENT_ID?.trim() || fallback;
}
