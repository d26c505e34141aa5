// PostingLists and its SlotTable: rows come back per slot in the order they were added, across
// block growth, table growth and renumbering (what a partition's compaction does).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PostingLists } from '../../src/domain/cache/semantic/vectors/posting-lists.js';
import { SlotTable } from '../../src/domain/cache/semantic/vectors/slot-table.js';

function rowsOf(lists: PostingLists, slot: number): number[] {
  const rows: number[] = [];
  lists.forEachRow(slot, (row) => rows.push(row));
  return rows;
}

test('the slot table keeps every slot, slot 0 and large slots included, as it grows', () => {
  const table = new SlotTable();
  const slots = [0, 1, 2 ** 18 - 1, 2 ** 31, 2 ** 32 - 2, ...Array.from({ length: 5000 }, (_, i) => i * 7919 + 3)];
  slots.forEach((slot, i) => {
    assert.equal(table.get(slot), -1);
    table.insert(slot, i);
  });
  assert.equal(table.size, slots.length);
  slots.forEach((slot, i) => assert.equal(table.get(slot), i));
  assert.equal(table.get(5), -1);
});

test('posting lists give each slot its rows in order, through block growth and renumbering', () => {
  const lists = new PostingLists();
  const expected = new Map<number, number[]>();
  for (let row = 0; row < 3000; row++) {
    // slot 0 holds every row (long chains of blocks), the others few
    for (const slot of [0, 1 + (row % 97), 1000 + ((row * 31) % 5000)]) {
      lists.add(slot, row);
      expected.set(slot, [...(expected.get(slot) ?? []), row]);
    }
  }
  for (const [slot, rows] of expected) assert.deepEqual(rowsOf(lists, slot), rows);
  assert.equal(lists.lengthOf(0), 3000);
  assert.equal(lists.lengthOf(424242), 0);

  // Drop every third row, renumber the rest densely, then keep adding.
  const renumbered = new Int32Array(3000);
  let next = 0;
  for (let row = 0; row < 3000; row++) renumbered[row] = row % 3 === 0 ? -1 : next++;
  lists.renumber(renumbered);
  for (const [slot, rows] of expected) {
    const kept = rows.filter((row) => row % 3 !== 0).map((row) => renumbered[row]!);
    expected.set(slot, kept);
    assert.deepEqual(rowsOf(lists, slot), kept);
    assert.equal(lists.lengthOf(slot), kept.length);
  }
  for (let row = next; row < next + 500; row++) {
    lists.add(0, row);
    lists.add(7, row);
    expected.get(0)!.push(row);
    expected.set(7, [...(expected.get(7) ?? []), row]);
  }
  lists.trim();
  for (const [slot, rows] of expected) assert.deepEqual(rowsOf(lists, slot), rows);
});
