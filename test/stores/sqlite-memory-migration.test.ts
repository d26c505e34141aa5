// Migration 4 of the SQLite schema on a database written by migration 3: every existing milestone
// gets its search context (the branch's previous two contributions) and the scope tokens new rows
// get, and the rebuilt FTS5 index finds milestones by them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqlite } from '../../src/stores/sqlite/database.js';
import { searchScopeOf } from '../../src/stores/sqlite/fts-query.js';
import { sqliteMigrations } from '../../src/stores/sqlite/migrations.js';
import { SqliteMemoryStore } from '../../src/stores/sqlite/sqlite-memory-store.js';

const AT = '2026-02-10T14:22:00.000Z';

test('migration 4 backfills the search context of existing milestones and rebuilds the lexical index', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-sqlite-migration-'));
  try {
    const file = join(dir, 'synapse.db');
    const old = openSqlite(file, sqliteMigrations.filter((m) => m.version <= 3));
    old.prepare(`INSERT INTO memory_projects VALUES ('t', 'p', 'p', '', ?, ?)`).run(AT, AT);
    for (const branch of ['main', 'side']) {
      old.prepare(`INSERT INTO memory_branches (tenant_id, project_id, branch_name, purpose, status, created_at)
        VALUES ('t', 'p', ?, '', 'active', ?)`).run(branch, AT);
    }
    const rows: Array<[string, number, string]> = [['main', 1, 'Planned the kumquat harvest'], ['side', 1, 'Repainted the barn'],
      ['main', 2, 'Booked the trucks'], ['main', 3, 'Hired pickers'], ['main', 4, 'Paid the invoices']];
    for (const [branch, sequence, text] of rows) {
      const { lastInsertRowid } = old.prepare(`INSERT INTO memory_milestones (milestone_id, tenant_id, project_id, branch_name,
          branch_purpose, cumulative_progress, this_contribution, content_hash, sequence_number, agent_id, agent_type, kind, created_at)
        VALUES (?, 't', 'p', ?, '', '', ?, ?, ?, 'a', 'custom', 'commit', ?)`).run(`ms-${branch}-${sequence}`, branch, text, text, sequence, AT);
      old.prepare(`INSERT INTO memory_milestone_fts (rowid, branch_purpose, cumulative_progress, this_contribution) VALUES (?, '', '', ?)`)
        .run(lastInsertRowid, text);
    }
    old.close();

    const db = openSqlite(file, sqliteMigrations);
    const context = db.prepare('SELECT milestone_id, search_context FROM memory_milestones ORDER BY id').all();
    assert.deepEqual(context, [
      { milestone_id: 'ms-main-1', search_context: '' },
      { milestone_id: 'ms-side-1', search_context: '' },
      { milestone_id: 'ms-main-2', search_context: 'Planned the kumquat harvest' },
      { milestone_id: 'ms-main-3', search_context: 'Booked the trucks\nPlanned the kumquat harvest' },
      { milestone_id: 'ms-main-4', search_context: 'Hired pickers\nBooked the trucks' },
    ]);
    const scopes = db.prepare('SELECT DISTINCT search_scope FROM memory_milestones').pluck().all();
    assert.deepEqual(scopes, [searchScopeOf('t', 'p')], 'the same tokens as the store writes');
    const store = new SqliteMemoryStore(db);
    const hits = await store.searchLexical('t', 'kumquat', { limit: 10 });
    assert.deepEqual(hits.map((h) => h.milestoneId), ['ms-main-1', 'ms-main-2', 'ms-main-3']);
    assert.deepEqual((await store.searchLexical('t', 'kumquat', { projectIds: ['p'], limit: 10 })).length, 3);
    assert.deepEqual(await store.deleteProject('t', 'p'), ['ms-main-1', 'ms-side-1', 'ms-main-2', 'ms-main-3', 'ms-main-4']);
    assert.deepEqual(await store.searchLexical('t', 'kumquat', { limit: 10 }), [], 'the index forgets them with their context');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
