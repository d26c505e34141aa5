// A fingerprint of what a gateway has stored in its SQLite file, table by table (row count and a
// hash of the rows), to prove that a refused request wrote nothing. Counters that change on
// reads (cache hit counts and times) are left out; so are agent-session totals, written a second
// after the call they count.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Tables and the columns of theirs that change without a write request (hits, flushes). */
const TABLES: Record<string, string[]> = {
  api_keys: [],
  tenant_settings: [],
  cache_entries: ['hit_count', 'last_hit_at'],
  memory_projects: [],
  memory_branches: [],
  memory_milestones: [],
  memory_milestone_embeddings: [],
  memory_log_entries: [],
  memory_contributors: [],
  memory_sessions: [],
};

export type StoredData = Record<string, { rows: number; hash: string }>;

export class StoredDataReader {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, 'synapse.db'), { readonly: true, fileMustExist: true });
  }

  snapshot(): StoredData {
    const snapshot: StoredData = {};
    for (const [table, volatile] of Object.entries(TABLES)) {
      const rows = this.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Array<Record<string, unknown>>;
      const hash = createHash('sha256');
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (volatile.includes(column)) continue;
          hash.update(column).update('\u0000').update(Buffer.isBuffer(value) ? value.toString('base64') : String(value)).update('\u0001');
        }
      }
      snapshot[table] = { rows: rows.length, hash: hash.digest('base64url').slice(0, 16) };
    }
    return snapshot;
  }

  close(): void {
    this.db.close();
  }
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: StoredData, after: StoredData): string[] {
  return Object.keys(after).filter((table) => before[table]?.hash !== after[table]?.hash);
}
