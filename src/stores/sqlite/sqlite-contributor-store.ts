// ContributorStore on SQLite: agent ids kept as a JSON array.
import type { ContributorRecord, ContributorStore } from '../ports/contributor-store.js';
import type { SqliteDatabase } from './database.js';

interface ContributorRow {
  tenant_id: string;
  contributor_id: string;
  display_name: string;
  agent_ids: string;
  role: string | null;
  created_at: string;
  updated_at: string;
}

function toContributor(row: ContributorRow): ContributorRecord {
  return {
    tenantId: row.tenant_id,
    contributorId: row.contributor_id,
    displayName: row.display_name,
    agentIds: JSON.parse(row.agent_ids) as string[],
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqliteContributorStore implements ContributorStore {
  private readonly select;
  private readonly list;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: SqliteDatabase) {
    this.select = db.prepare('SELECT * FROM memory_contributors WHERE tenant_id = ? AND contributor_id = ?');
    this.list = db.prepare('SELECT * FROM memory_contributors WHERE tenant_id = ? ORDER BY contributor_id');
    this.upsert = db.prepare(`INSERT INTO memory_contributors
        (tenant_id, contributor_id, display_name, agent_ids, role, created_at, updated_at)
      VALUES (@tenantId, @contributorId, @displayName, @agentIds, @role, @createdAt, @updatedAt)
      ON CONFLICT (tenant_id, contributor_id) DO UPDATE SET display_name = excluded.display_name,
        agent_ids = excluded.agent_ids, role = excluded.role, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM memory_contributors WHERE tenant_id = ? AND contributor_id = ?');
  }

  async upsertContributor(contributor: ContributorRecord): Promise<{ contributor: ContributorRecord; created: boolean }> {
    return this.db.transaction(() => {
      const created = !this.select.get(contributor.tenantId, contributor.contributorId);
      this.upsert.run({ ...contributor, agentIds: JSON.stringify(contributor.agentIds) });
      const row = this.select.get(contributor.tenantId, contributor.contributorId) as ContributorRow;
      return { contributor: toContributor(row), created };
    }).immediate();
  }

  async getContributor(tenantId: string, contributorId: string): Promise<ContributorRecord | undefined> {
    const row = this.select.get(tenantId, contributorId) as ContributorRow | undefined;
    return row && toContributor(row);
  }

  async listContributors(tenantId: string): Promise<ContributorRecord[]> {
    return (this.list.all(tenantId) as ContributorRow[]).map(toContributor);
  }

  async deleteContributor(tenantId: string, contributorId: string): Promise<boolean> {
    return this.remove.run(tenantId, contributorId).changes > 0;
  }
}
