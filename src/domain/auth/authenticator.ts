// Turns a credential into a Principal: a raw API key or a gateway JWT.
import { SynapseError } from '../../errors.js';
import type { ApiKeyService } from './api-key-service.js';
import { looksLikeApiKey } from './api-key-codec.js';
import type { Principal } from './principal.js';
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
      const active = this.keys.isActiveCached(known.keyId);
      if (active === true) return known;
      if (active === false) throw new SynapseError('invalid_token');
    }
    return this.authenticateToken(credential);
  }

  private async authenticateToken(credential: string): Promise<Principal> {
    const principal = await this.tokens.verify(credential);
    if (!(await this.keys.isActive(principal.keyId))) throw new SynapseError('invalid_token');
    return principal;
  }
}
