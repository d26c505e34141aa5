// ContributorStore on PostgreSQL: agent ids kept as a text[]; an upsert is one statement, so
// concurrent upserts from several instances keep the first createdAt.
import type { ContributorRecord, ContributorStore } from '../ports/contributor-store.js';
import type { SqlRunner } from './postgres-database.js';

const COLUMNS = `tenant_id AS "tenantId", contributor_id AS "contributorId", display_name AS "displayName",
  agent_ids AS "agentIds", role, created_at AS "createdAt", updated_at AS "updatedAt"`;

export class PostgresContributorStore implements ContributorStore {
  constructor(private readonly db: SqlRunner) {}

  async upsertContributor(contributor: ContributorRecord): Promise<{ contributor: ContributorRecord; created: boolean }> {
    // xmax is 0 on a row this statement inserted, and set on one it updated.
    const [row] = await this.db.rows<ContributorRecord & { created: boolean }>(
      `INSERT INTO memory_contributors (tenant_id, contributor_id, display_name, agent_ids, role, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, contributor_id) DO UPDATE SET display_name = excluded.display_name,
         agent_ids = excluded.agent_ids, role = excluded.role, updated_at = excluded.updated_at
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [contributor.tenantId, contributor.contributorId, contributor.displayName, contributor.agentIds, contributor.role,
        contributor.createdAt, contributor.updatedAt],
    );
    const { created, ...stored } = row!;
    return { contributor: stored, created };
  }

  async getContributor(tenantId: string, contributorId: string): Promise<ContributorRecord | undefined> {
    const [row] = await this.db.rows<ContributorRecord>(
      `SELECT ${COLUMNS} FROM memory_contributors WHERE tenant_id = $1 AND contributor_id = $2`,
      [tenantId, contributorId],
    );
    return row;
  }

  async listContributors(tenantId: string): Promise<ContributorRecord[]> {
    return this.db.rows<ContributorRecord>(`SELECT ${COLUMNS} FROM memory_contributors WHERE tenant_id = $1 ORDER BY contributor_id`, [
      tenantId,
    ]);
  }

  async deleteContributor(tenantId: string, contributorId: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM memory_contributors WHERE tenant_id = $1 AND contributor_id = $2', [tenantId, contributorId])) > 0;
  }
}
