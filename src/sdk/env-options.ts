// Defaults for the client from the SYNAPSE_* environment variables (SPEC section 7). Server code
// reads the environment only in src/config/; the SDK is a client library, so this one file does.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const DEFAULT_GATEWAY_URL = 'http://localhost:8080';

export interface EnvDefaults {
  baseUrl: string;
  apiKey: string | undefined;
  token: string | undefined;
  /** Where clients keep tokens and spooled milestones between runs. */
  cacheDir: string;
}

/** SYNAPSE_GATEWAY_URL, SYNAPSE_API_KEY and SYNAPSE_TOKEN from `env` (default `process.env`). */
export function readEnvDefaults(env: Record<string, string | undefined> = process.env): EnvDefaults {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  return {
    baseUrl: value('SYNAPSE_GATEWAY_URL') ?? DEFAULT_GATEWAY_URL,
    apiKey: value('SYNAPSE_API_KEY'),
    token: value('SYNAPSE_TOKEN'),
    cacheDir: cacheDirOf(value),
  };
}

/** SYNAPSE_CACHE_DIR, else $XDG_CACHE_HOME/synapse (when absolute, as the XDG spec asks), else ~/.cache/synapse. */
function cacheDirOf(value: (name: string) => string | undefined): string {
  const explicit = value('SYNAPSE_CACHE_DIR');
  if (explicit) return explicit;
  const xdg = value('XDG_CACHE_HOME');
  if (xdg && isAbsolute(xdg)) return join(xdg, 'synapse');
  return join(value('HOME') ?? homedir(), '.cache', 'synapse');
}
