// The JWT signing secret: $SYNAPSE_JWT_SECRET when set, else one generated on first start and kept
// where every instance finds it: in the shared database when the backend has a secret store
// (PostgreSQL), else in <dataDir>/jwt-secret (mode 0600, in a 0700 directory when it creates it),
// so tokens survive restarts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../stores/ports/secret-store.js';

export const JWT_SECRET_FILE = 'jwt-secret';
const JWT_SECRET_NAME = 'jwt-signing-secret';

export async function resolveJwtSecret(configured: string | undefined, dataDir: string, shared: SecretStore | undefined): Promise<string> {
  if (configured) return configured;
  if (shared) return shared.getOrCreateSecret(JWT_SECRET_NAME, generateSecret());
  return loadOrCreateJwtSecret(dataDir);
}

function generateSecret(): string {
  return randomBytes(48).toString('base64url');
}

export function loadOrCreateJwtSecret(dataDir: string): string {
  const path = join(dataDir, JWT_SECRET_FILE);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = generateSecret();
  // 'wx' fails if another process created the file first; then that one's secret wins.
  try {
    writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw error;
  }
}
