// Turns a credential into a Principal: a raw API key or a gateway JWT. A token never grants more
// than its key does now: its claims are bounded by the key's current tenant and role.
import { SynapseError } from '../../errors.js';
import type { ApiKeyService, KeyStanding } from './api-key-service.js';
import { looksLikeApiKey } from './api-key-codec.js';
import type { Principal } from './principal.js';
import { roleAllows } from './roles.js';
import type { TokenIssuer } from './token-issuer.js';

export class Authenticator {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly tokens: TokenIssuer,
  ) {}

  /**
   * Resolves the credential, synchronously when it is a token seen recently (the proxy's hot path),
   * otherwise with a promise (raw keys are looked up in the store every time).
   */
  authenticate(credential: string | undefined): Principal | Promise<Principal> {
    if (!credential) throw new SynapseError('missing_credentials');
    if (looksLikeApiKey(credential)) return this.keys.authenticateKey(credential).then((result) => result.principal);
    const known = this.tokens.verifyCached(credential);
    if (known) {
      const standing = this.keys.standingCached(known.keyId);
      if (standing !== undefined) return boundByKey(known, standing);
    }
    return this.authenticateToken(credential);
  }

  /**
   * True for a token this gateway has verified before and that has not expired: it cannot be a
   * guess, so it is accepted even from an address blocked for failed authentications.
   */
  isKnownToken(credential: string | undefined): boolean {
    if (!credential || looksLikeApiKey(credential)) return false;
    try {
      return this.tokens.verifyCached(credential) !== undefined;
    } catch {
      return false; // expired
    }
  }

  private async authenticateToken(credential: string): Promise<Principal> {
    const principal = await this.tokens.verify(credential);
    return boundByKey(principal, await this.keys.standing(principal.keyId));
  }
}

/**
 * The token's principal as its key allows it now: invalid once the key is revoked or belongs to
 * another tenant, and never with a wider role than the key's (a lowered key lowers its tokens).
 */
function boundByKey(principal: Principal, standing: KeyStanding | null): Principal {
  if (standing === null || standing.tenantId !== principal.tenantId) throw new SynapseError('invalid_token');
  return roleAllows(standing.role, principal.role) ? principal : { ...principal, role: standing.role };
}
