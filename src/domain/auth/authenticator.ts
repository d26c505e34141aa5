// Turns an Authorization header into a Principal: a raw API key or a gateway JWT.
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

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const credential = parseBearer(authorization);
    if (looksLikeApiKey(credential)) return (await this.keys.authenticateKey(credential)).principal;
    const principal = await this.tokens.verify(credential);
    if (!(await this.keys.isActive(principal.keyId))) throw new SynapseError('invalid_token');
    return principal;
  }
}

function parseBearer(authorization: string | undefined): string {
  if (!authorization) throw new SynapseError('missing_credentials');
  const space = authorization.indexOf(' ');
  const scheme = space === -1 ? authorization : authorization.slice(0, space);
  const credential = space === -1 ? '' : authorization.slice(space + 1).trim();
  if (scheme.toLowerCase() !== 'bearer' || !credential) throw new SynapseError('missing_credentials');
  return credential;
}
