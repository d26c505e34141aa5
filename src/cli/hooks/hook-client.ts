// The gateway client, spool and identity a hook uses: few, quick retries (the hook's deadline
// bounds them), the token cached between runs so hooks do not spend the token endpoint's limit.
import { join } from 'node:path';
import { FileTokenCache, Synapse } from '../../sdk/index.js';
import { readEnvDefaults } from '../../sdk/env-options.js';
import type { CliIo } from '../cli-io.js';
import { MilestoneSpool } from '../spool/milestone-spool.js';

export function hookClient(io: CliIo): Synapse {
  return new Synapse({
    env: io.env,
    maxRetries: 1,
    retry: { baseDelayMs: 200, maxRetryAfterMs: 1_000 },
    tokenCache: new FileTokenCache(hookCacheDir(io)),
  });
}

/** $SYNAPSE_CACHE_DIR, else $XDG_CACHE_HOME/synapse, else ~/.cache/synapse. */
export function hookCacheDir(io: CliIo): string {
  return readEnvDefaults(io.env).cacheDir;
}

/** The spool of the gateway the client talks to. */
export function hookSpool(io: CliIo, gatewayUrl: string): MilestoneSpool {
  return MilestoneSpool.forGateway(hookCacheDir(io), gatewayUrl, io.now);
}

/** Where hooks append the problems they met (one line each), for `synapse status`. */
export function hookProblemLog(io: CliIo): string {
  return join(hookCacheDir(io), 'hook-problems.log');
}

export function hookAgentId(io: CliIo, fallback: string): string {
  return io.env.SYNAPSE_AGENT_ID?.trim() || fallback;
}
