// Supplies the bearer credential for each call: a fixed token, or a JWT exchanged for the API key
// and renewed 5 minutes before it expires (half its lifetime when that is shorter). Concurrent
// calls share one exchange.

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
  /** Exchanges the API key for a token (the client's own, retrying, request). */
  exchange: (apiKey: string) => Promise<TokenGrant>;
  now: () => number;
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

  /** Forgets the current token (the gateway said it expired), so the next call exchanges again. */
  invalidate(token: string): void {
    if (this.renewable && this.current?.token === token) this.current = undefined;
  }

  private async renew(): Promise<string> {
    const issuedAtMs = this.options.now();
    const grant = await this.options.exchange(this.options.apiKey!);
    const lifetimeMs = grant.expires_in * 1000;
    const marginMs = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    this.current = { token: grant.access_token, renewAtMs: issuedAtMs + lifetimeMs - marginMs };
    return grant.access_token;
  }
}

/** For a JWT given up front: when to replace it (if a key allows), from its `exp` claim. */
function renewAtOf(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 - RENEW_BEFORE_EXPIRY_MS : undefined;
  } catch {
    return undefined;
  }
}
