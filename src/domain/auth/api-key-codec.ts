// API key format: `sk-syn-` followed by 32 random bytes in base64url. Keys carry 256 bits of
// entropy, so a plain SHA-256 is a sound at-rest hash (no slow KDF needed) and keeps lookups fast.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'sk-syn-';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What listings show of a key: enough to recognise it, not enough to use it. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}
