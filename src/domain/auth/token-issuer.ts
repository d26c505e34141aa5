// Issues and verifies the gateway's HS256 JWTs. Verification results are cached per token until
// expiry so that jose's comparatively slow verify stays off the proxy's hot path.
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { SynapseError } from '../../errors.js';
import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';

export const TOKEN_LIFETIME_SECS = 86_400;
const VERIFIED_CACHE_LIMIT = 10_000;

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

interface VerifiedToken {
  principal: Principal;
  expiresAtMs: number;
}

export class TokenIssuer {
  private readonly key: Uint8Array;
  private readonly now: () => number;
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    secret: string,
    now: () => number = Date.now,
    private readonly lifetimeSecs: number = TOKEN_LIFETIME_SECS,
  ) {
    this.key = new TextEncoder().encode(secret);
    this.now = now;
  }

  async issue(keyId: string, tenantId: string, role: Role): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.now() / 1000);
    const accessToken = await new SignJWT({ role, tenant_id: tenantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(keyId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.lifetimeSecs)
      .sign(this.key);
    return { accessToken, expiresIn: this.lifetimeSecs };
  }

  /** Returns the token's principal or throws `token_expired` / `invalid_token`. */
  async verify(token: string): Promise<Principal> {
    const cached = this.verifyCached(token);
    if (cached) return cached;
    const { principal, expiresAtMs } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, { principal, expiresAtMs });
    return principal;
  }

  /**
   * The principal of a token verified before, synchronously; undefined when it was not seen yet.
   * Throws `token_expired` once a known token has expired.
   */
  verifyCached(token: string): Principal | undefined {
    const cached = this.verified.get(token);
    if (!cached) return undefined;
    if (cached.expiresAtMs > this.now()) return cached.principal;
    this.verified.delete(token);
    throw new SynapseError('token_expired');
  }

  private async verifySignature(token: string): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const tenantId = payload.tenant_id;
      if (typeof tenantId !== 'string' || !tenantId || !isRole(payload.role) || !payload.sub) {
        throw new SynapseError('invalid_token');
      }
      return {
        principal: { tenantId, role: payload.role, keyId: payload.sub, via: 'token' },
        expiresAtMs: (payload.exp as number) * 1000,
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new SynapseError('token_expired');
      if (error instanceof SynapseError) throw error;
      throw new SynapseError('invalid_token');
    }
  }
}
