// Keeps exchanged tokens between processes, so short-lived clients (hooks, CLI runs, each MCP
// start) reuse a valid token instead of exchanging the API key every time: one file per gateway
// URL and key (named by their hash; the key itself is never written), readable by the user only.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from './private-files.js';

export interface CachedToken {
  token: string;
  /** When the gateway stops accepting it (epoch milliseconds). */
  expiresAtMs: number;
  /** When a client should exchange the key again instead (epoch milliseconds). */
  renewAtMs: number;
}

/** Where a client keeps its token between runs, per gateway URL and API key. */
export interface TokenCache {
  load(baseUrl: string, apiKey: string): Promise<CachedToken | undefined>;
  save(baseUrl: string, apiKey: string, token: CachedToken): Promise<void>;
  /** Forgets `token` (the gateway refused it), unless another process has cached a newer one. */
  discard(baseUrl: string, apiKey: string, token: string): Promise<void>;
}

interface TokenFile extends CachedToken {
  gatewayUrl: string;
}

/**
 * Tokens as files `token-<hash>.json` in `dir` (0700, files 0600). Failures to read or write are
 * swallowed: a cache that cannot be used only costs an exchange.
 */
export class FileTokenCache implements TokenCache {
  constructor(readonly dir: string) {}

  /** The file holding the token for this gateway and key. */
  pathFor(baseUrl: string, apiKey: string): string {
    const keyHash = sha256(apiKey);
    return join(this.dir, `token-${sha256(`${normalizeGatewayUrl(baseUrl)}\n${keyHash}`).slice(0, 32)}.json`);
  }

  async load(baseUrl: string, apiKey: string): Promise<CachedToken | undefined> {
    const file = await this.read(baseUrl, apiKey);
    return file && { token: file.token, expiresAtMs: file.expiresAtMs, renewAtMs: file.renewAtMs };
  }

  async save(baseUrl: string, apiKey: string, token: CachedToken): Promise<void> {
    const file: TokenFile = { gatewayUrl: normalizeGatewayUrl(baseUrl), ...token };
    await writePrivateFile(this.pathFor(baseUrl, apiKey), JSON.stringify(file) + '\n').catch(() => undefined);
  }

  async discard(baseUrl: string, apiKey: string, token: string): Promise<void> {
    if ((await this.read(baseUrl, apiKey))?.token !== token) return;
    await rm(this.pathFor(baseUrl, apiKey), { force: true }).catch(() => undefined);
  }

  private async read(baseUrl: string, apiKey: string): Promise<TokenFile | undefined> {
    try {
      const value = JSON.parse(await readFile(this.pathFor(baseUrl, apiKey), 'utf8')) as Partial<TokenFile>;
      const valid = typeof value.token === 'string' && typeof value.expiresAtMs === 'number' && typeof value.renewAtMs === 'number';
      return valid ? (value as TokenFile) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `HTTP://Host:8080/` and `http://host:8080` name the same gateway. */
export function normalizeGatewayUrl(baseUrl: string): string {
  try {
    return new URL(baseUrl).toString().replace(/\/+$/, '');
  } catch {
    return baseUrl.replace(/\/+$/, '');
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
