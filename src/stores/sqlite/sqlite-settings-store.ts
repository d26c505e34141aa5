// SettingsStore on SQLite: one JSON document per tenant.
import type { SettingsPatch, SettingsStore, TenantSettings } from '../ports/settings-store.js';
import type { SqliteDatabase } from './database.js';

export class SqliteSettingsStore implements SettingsStore {
  private readonly db: SqliteDatabase;
  private readonly select;
  private readonly upsert;
  private readonly all;

  constructor(db: SqliteDatabase) {
    this.db = db;
    this.select = db.prepare('SELECT settings FROM tenant_settings WHERE tenant_id = ?').pluck();
    this.upsert = db.prepare(`INSERT INTO tenant_settings (tenant_id, settings) VALUES (?, ?)
      ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings`);
    this.all = db.prepare('SELECT tenant_id, settings FROM tenant_settings ORDER BY tenant_id');
  }

  async getTenantSettings(tenantId: string): Promise<TenantSettings> {
    const raw = this.select.get(tenantId) as string | undefined;
    return raw === undefined ? {} : (JSON.parse(raw) as TenantSettings);
  }

  async updateTenantSettings(tenantId: string, patch: SettingsPatch): Promise<TenantSettings> {
    return this.db.transaction(() => {
      const raw = this.select.get(tenantId) as string | undefined;
      const merged: Record<string, unknown> = { ...(raw === undefined ? {} : JSON.parse(raw)) };
      for (const [field, value] of Object.entries(patch)) {
        if (value === null) delete merged[field];
        else if (value !== undefined) merged[field] = value;
      }
      this.upsert.run(tenantId, JSON.stringify(merged));
      return merged;
    }).immediate(); // takes the write lock before reading: a deferred one fails SQLITE_BUSY when another process wrote meanwhile
  }

  async listTenantSettings(): Promise<Array<{ tenantId: string; settings: TenantSettings }>> {
    const rows = this.all.all() as Array<{ tenant_id: string; settings: string }>;
    return rows.map((row) => ({ tenantId: row.tenant_id, settings: JSON.parse(row.settings) as TenantSettings }));
  }
}
