// Port for secrets the gateway generates itself and every instance must agree on (the JWT signing
// secret). Only backends shared by several instances provide one; a single SQLite instance keeps
// its generated secret in a file of its data directory instead (src/config/jwt-secret.ts).

export interface SecretStore {
  /** The secret stored under `name`; when there is none yet, stores `candidate` first. The first writer wins. */
  getOrCreateSecret(name: string, candidate: string): Promise<string>;
}
