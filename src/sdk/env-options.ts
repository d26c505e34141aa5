// Defaults for the client from the SYNAPSE_* environment variables (SPEC section 7). Server code
// reads the environment only in src/config/; the SDK is a client library, so this one file does.

export const DEFAULT_GATEWAY_URL = 'http://localhost:8080';

export interface EnvDefaults {
  baseUrl: string;
  apiKey: string | undefined;
  token: string | undefined;
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
  };
}
