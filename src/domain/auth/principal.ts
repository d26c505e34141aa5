// Who is calling: the tenant every read and write is scoped to, and the role that bounds it.
import type { Role } from './roles.js';

export interface Principal {
  tenantId: string;
  role: Role;
  /** The API key the credential came from (a JWT's `sub`). */
  keyId: string;
  via: 'api_key' | 'token';
}
