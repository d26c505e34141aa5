// SettingsStore on PostgreSQL: one JSON document per tenant, merged under a row lock so that
// concurrent updates from several instances never lose a field.
import type { SettingsPatch, SettingsStore, TenantSettings } from '../ports/settings-store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresSettingsStore implements SettingsStore {
  constructor(private readonly db: PostgresDatabase) {}

  async getTenantSettings(tenantId: string): Promise<TenantSettings> {
    const [row] = await this.db.rows<{ settings: string }>('SELECT settings FROM tenant_settings WHERE tenant_id = $1', [tenantId]);
    return row === undefined ? {} : (JSON.parse(row.settings) as TenantSettings);
  }

  async updateTenantSettings(tenantId: string, patch: SettingsPatch): Promise<TenantSettings> {
    return this.db.transaction(async (tx) => {
      // The row must exist before it can be locked; a first update racing another creates it once.
      await tx.run(`INSERT INTO tenant_settings (tenant_id, settings) VALUES ($1, '{}') ON CONFLICT (tenant_id) DO NOTHING`, [tenantId]);
      const [row] = await tx.rows<{ settings: string }>('SELECT settings FROM tenant_settings WHERE tenant_id = $1 FOR UPDATE', [tenantId]);
      const merged: Record<string, unknown> = { ...(JSON.parse(row!.settings) as Record<string, unknown>) };
      for (const [field, value] of Object.entries(patch)) {
        if (value === null) delete merged[field];
        else if (value !== undefined) merged[field] = value;
      }
      await tx.run('UPDATE tenant_settings SET settings = $2 WHERE tenant_id = $1', [tenantId, JSON.stringify(merged)]);
      return merged as TenantSettings;
    });
  }

  async listTenantSettings(): Promise<Array<{ tenantId: string; settings: TenantSettings }>> {
    const rows = await this.db.rows<{ tenant_id: string; settings: string }>(
      'SELECT tenant_id, settings FROM tenant_settings ORDER BY tenant_id',
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, settings: JSON.parse(row.settings) as TenantSettings }));
  }
}
