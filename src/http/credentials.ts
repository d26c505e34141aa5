// Which header carries the caller's Synapse credential and which its own provider key. Clients of
// the OpenAI API send the Synapse key or token as `Authorization: Bearer`; Anthropic clients send
// theirs in `x-api-key` (ANTHROPIC_API_KEY) or as a bearer (ANTHROPIC_AUTH_TOKEN). With a Synapse
// credential in Authorization, an `x-api-key` that is not a Synapse credential is the caller's own
// provider key for that call. A Synapse credential is never taken for a provider key.
import type { IncomingHttpHeaders } from 'node:http';
import { looksLikeApiKey } from '../domain/auth/api-key-codec.js';

export interface RequestCredentials {
  /** The Synapse API key or token; undefined when the request carries none. */
  synapse: string | undefined;
  /** The caller's own provider key, to be used for this call only. */
  providerKey: string | undefined;
}

export function readCredentials(headers: IncomingHttpHeaders): RequestCredentials {
  const bearer = bearerOf(headers.authorization);
  const apiKeyHeader = headerText(headers['x-api-key']);
  if (bearer !== undefined) {
    const isOwnKey = apiKeyHeader !== undefined && apiKeyHeader !== bearer && !isSynapseCredential(apiKeyHeader);
    return { synapse: bearer, providerKey: isOwnKey ? apiKeyHeader : undefined };
  }
  return { synapse: apiKeyHeader, providerKey: undefined };
}

/** An API key of ours, or a JWT carrying the claims our tokens carry. */
export function isSynapseCredential(value: string): boolean {
  if (looksLikeApiKey(value)) return true;
  const parts = value.split('.');
  if (parts.length !== 3 || !parts[0]!.startsWith('eyJ')) return false;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.tenant_id === 'string' && typeof claims.role === 'string';
  } catch {
    return false;
  }
}

/** The credential of `Authorization: Bearer <credential>`; undefined when absent or another scheme. */
function bearerOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const space = authorization.indexOf(' ');
  if (space === -1 || authorization.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const credential = authorization.slice(space + 1).trim();
  return credential === '' ? undefined : credential;
}

function headerText(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() ? text.trim() : undefined;
}
