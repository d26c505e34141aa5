// Keeps docs/errors.md and the error catalogue in src/errors.ts in step: the documented table must
// list exactly the catalogue's (code, status, type) rows, so this fails when either drifts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { errorCatalogue } from '../src/errors.js';

interface DocumentedRow {
  code: string;
  status: number;
  type: string;
  when: string;
}

// Compiled to dist/test/, so the repository root is two levels up.
const DOC_PATH = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));

/** The catalogue table's rows: `| `code` | status | type | when |`. Other tables have no backticked first cell. */
function readDocumentedRows(markdown: string): DocumentedRow[] {
  const rows: DocumentedRow[] = [];
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|(.*)\|\s*$/.exec(line);
    if (!match) continue;
    rows.push({ code: match[1]!, status: Number(match[2]), type: match[3]!.replace(/`/g, ''), when: match[4]!.trim() });
  }
  return rows;
}

const asKey = (row: { code: string; status: number; type: string }) => `${row.code} ${row.status} ${row.type}`;

describe('docs/errors.md matches the error catalogue', () => {
  const documented = readDocumentedRows(readFileSync(DOC_PATH, 'utf8'));
  const catalogue = Object.entries(errorCatalogue).map(([code, spec]) => ({ code, status: spec.status, type: spec.type }));

  test('the documented (code, status, type) rows are exactly the catalogue', () => {
    assert.ok(documented.length > 0, 'the table was found');
    assert.deepEqual(new Set(documented.map(asKey)), new Set(catalogue.map(asKey)));
    assert.equal(documented.length, catalogue.length, 'no code is documented twice');
  });

  test('the rows follow the catalogue order', () => {
    assert.deepEqual(
      documented.map((row) => row.code),
      catalogue.map((row) => row.code),
    );
  });

  test('every row says when the error happens', () => {
    for (const row of documented) assert.ok(row.when.length >= 10, `${row.code} has a "when" description`);
  });
});
