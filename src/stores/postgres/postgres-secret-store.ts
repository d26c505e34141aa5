// Generated gateway secrets in PostgreSQL: instances starting together race to insert; the first
// insert wins and every instance reads that one back.
import type { SecretStore } from '../ports/secret-store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresSecretStore implements SecretStore {
  constructor(private readonly database: PostgresDatabase) {}

  async getOrCreateSecret(name: string, candidate: string): Promise<string> {
    await this.database.run('INSERT INTO gateway_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
    const rows = await this.database.rows<{ value: string }>('SELECT value FROM gateway_secrets WHERE name = $1', [name]);
    return rows[0]!.value;
  }
}
