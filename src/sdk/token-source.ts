// Supplies the bearer credential for each call: a fixed token, or a JWT exchanged for the API key
// and renewed 5 minutes before it expires (half its lifetime when that is shorter). Concurrent
// calls share one exchange; with a TokenCache, processes share tokens too. When the token endpoint
// is rate limited, the key itself is the bearer (SPEC section 1 accepts it) until it may exchange.
import { SynapseApiError } from './errors.js';
import type { CachedToken, TokenCache } from './token-cache.js';

/** What POST /api/v1/auth/token answers (SPEC section 1). */
export interface TokenGrant {
  access_token: string;
  token_type: string;
  expires_in: number;
  role: string;
}

export const RENEW_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

export interface TokenSourceOptions {
  apiKey?: string | undefined;
  token?: string | undefined;
  /** Exchanges the API key for a token (one request: the caller's retry loop retries it). */
  exchange: (apiKey: string) => Promise<TokenGrant>;
  now: () => number;
  /** Shares tokens with other processes, keyed by this gateway URL and the API key. */
  cache?: { store: TokenCache; baseUrl: string } | undefined;
}

export class TokenSource {
  private current: { token: string; renewAtMs: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: TokenSourceOptions) {
    if (options.token) this.current = { token: options.token, renewAtMs: renewAtOf(options.token) ?? Infinity };
  }

  /** True when an expired token can be replaced (an API key is known). */
  get renewable(): boolean {
    return this.options.apiKey !== undefined;
  }

  /** The credential for the next call, exchanging or renewing first when due. */
  async bearer(): Promise<string> {
    const { current } = this;
    if (current && (!this.renewable || this.options.now() < current.renewAtMs)) return current.token;
    if (!this.renewable) return current?.token ?? '';
    this.pending ??= this.renew().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets a token the gateway refused (expired, or signed with a secret it no longer has). */
  async invalidate(token: string): Promise<void> {
    if (!this.renewable || this.current?.token !== token) return;
    this.current = undefined;
    const { cache, apiKey } = this.options;
    if (cache && token !== apiKey) await cache.store.discard(cache.baseUrl, apiKey!, token);
  }

  private async renew(): Promise<string> {
    const { cache, now } = this.options;
    const apiKey = this.options.apiKey!;
    const cached = cache && (await cache.store.load(cache.baseUrl, apiKey));
    if (cached && now() < cached.renewAtMs) return this.use(cached); // another process renewed it
    const issuedAtMs = now();
    let grant: TokenGrant;
    try {
      grant = await this.options.exchange(apiKey);
    } catch (error) {
      if (!(error instanceof SynapseApiError && error.status === 429)) throw error;
      // Rate limited: the key is a valid bearer too; try exchanging again once the limit allows.
      this.current = { token: apiKey, renewAtMs: issuedAtMs + Math.max(1, error.retryAfterSecs ?? 60) * 1000 };
      return apiKey;
    }
    const lifetimeMs = grant.expires_in * 1000;
    const marginMs = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    const fresh = { token: grant.access_token, expiresAtMs: issuedAtMs + lifetimeMs, renewAtMs: issuedAtMs + lifetimeMs - marginMs };
    if (cache) await cache.store.save(cache.baseUrl, apiKey, fresh);
    return this.use(fresh);
  }

  private use(token: CachedToken): string {
    this.current = { token: token.token, renewAtMs: token.renewAtMs };
    return token.token;
  }
}

/** For a JWT given up front: when to replace it (if a key allows), from its `exp` claim. */
function renewAtOf(token: string): number | undefined {
  const exp = expiryOf(token);
  return exp === undefined ? undefined : exp - RENEW_BEFORE_EXPIRY_MS;
}

/** A JWT's `exp` claim in epoch milliseconds; undefined for anything else (a raw key). */
export function expiryOf(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
