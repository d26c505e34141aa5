// The two reference rankings of the memory evaluation, computed in the script itself over the same
// items the gateway stores: BM25 alone (an SQLite FTS5 table with the gateway's tokenizer and
// columns, queried with an OR of every word of the question) and most recent first.
import Database from 'better-sqlite3';

export interface IndexedItem {
  /** The evaluation's id of the item (a milestone). */
  key: string;
  /** Which conversation (project) it belongs to; rankings never cross it. */
  group: string;
  branchPurpose: string;
  cumulativeProgress: string;
  thisContribution: string;
}

export class Bm25Baseline {
  private readonly db = new Database(':memory:');
  private readonly keys: string[] = [];
  private readonly query;

  constructor(items: IndexedItem[]) {
    this.db.exec(`CREATE VIRTUAL TABLE items USING fts5(grp UNINDEXED, branch_purpose, cumulative_progress, this_contribution,
      tokenize = 'porter unicode61')`);
    const insert = this.db.prepare('INSERT INTO items (rowid, grp, branch_purpose, cumulative_progress, this_contribution) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      items.forEach((item, i) => {
        this.keys.push(item.key);
        insert.run(i + 1, item.group, item.branchPurpose, item.cumulativeProgress, item.thisContribution);
      });
    })();
    // Ties go to the later item, as in the gateway.
    this.query = this.db.prepare(`SELECT rowid FROM items WHERE items MATCH ? AND grp = ?
      ORDER BY bm25(items), rowid DESC LIMIT ?`).pluck();
  }

  rank(group: string, question: string, limit: number): string[] {
    const words = [...new Set(question.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])];
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w}"`).join(' OR ');
    return (this.query.all(match, group, limit) as number[]).map((rowid) => this.keys[rowid - 1]!);
  }

  close(): void {
    this.db.close();
  }
}

/** The last `limit` items of the group, newest first, whatever the question. */
export function rankMostRecent(items: IndexedItem[], group: string, limit: number): string[] {
  return items.filter((item) => item.group === group).slice(-limit).reverse().map((item) => item.key);
}
