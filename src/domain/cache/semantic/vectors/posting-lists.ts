// The inverted index of one sparse partition: for each feature slot, the rows holding it, in the
// order they were added. Lists live in one typed pool as chains of blocks (a block: the next
// block's offset, its capacity, its fill, then rows), each block of a list twice the one before
// up to MAX_BLOCK rows, and a slot table gives each slot's list. Most slots of hashed text
// features hold one or two rows; a typed array and its buffer per list cost about 200 bytes of
// heap each (half a million lists at 1M entries), a block of the pool 28 bytes.
import { SlotTable } from './slot-table.js';

/** Rows in a list's first block, and the most any block holds. */
const FIRST_BLOCK = 4;
const MAX_BLOCK = 1024;
/** Block header: next block's offset (-1: none), capacity, fill. */
const NEXT = 0;
const CAPACITY = 1;
const FILL = 2;
const HEADER = 3;

export class PostingLists {
  /** Feature slot -> list number. */
  private readonly lists = new SlotTable();
  private heads = new Int32Array(64);
  private tails = new Int32Array(64);
  private lengths = new Int32Array(64);
  private pool = new Int32Array(1024);
  private poolUsed = 0;

  /** Rows holding `slot` (0 when none). */
  lengthOf(slot: number): number {
    const list = this.lists.get(slot);
    return list === -1 ? 0 : this.lengths[list]!;
  }

  add(slot: number, row: number): void {
    let list = this.lists.get(slot);
    if (list === -1) {
      list = this.lists.size;
      if (list === this.heads.length) {
        const capacity = larger(list, list + 1);
        this.heads = grow(this.heads, capacity);
        this.tails = grow(this.tails, capacity);
        this.lengths = grow(this.lengths, capacity);
      }
      this.lists.insert(slot, list);
      const block = this.allocate(FIRST_BLOCK);
      this.heads[list] = block;
      this.tails[list] = block;
    }
    let tail = this.tails[list]!;
    if (this.pool[tail + FILL] === this.pool[tail + CAPACITY]) {
      const next = this.allocate(Math.min(this.pool[tail + CAPACITY]! * 2, MAX_BLOCK));
      this.pool[tail + NEXT] = next;
      this.tails[list] = next;
      tail = next;
    }
    this.pool[tail + HEADER + this.pool[tail + FILL]!] = row;
    this.pool[tail + FILL]!++;
    this.lengths[list]!++;
  }

  /** Calls `visit` with each row holding `slot`, oldest first. */
  forEachRow(slot: number, visit: (row: number) => void): void {
    const list = this.lists.get(slot);
    if (list !== -1) this.forEachOfList(list, visit);
  }

  private forEachOfList(list: number, visit: (row: number) => void): void {
    forEachInPool(this.pool, this.heads[list]!, visit);
  }

  /**
   * Renumbers every posting by `renumbered` (row -> new row, -1: drop it), keeping each list's
   * order: the lists are copied into a pool of the exact size, one block each.
   */
  renumber(renumbered: Int32Array): void {
    const count = this.lists.size;
    const { pool, heads } = this; // the old pool; each head is read before its list is rewritten
    const kept = new Int32Array(count);
    let size = 0;
    for (let list = 0; list < count; list++) {
      let rows = 0;
      for (let block = heads[list]!; block !== -1; block = pool[block + NEXT]!) {
        const end = block + HEADER + pool[block + FILL]!;
        for (let at = block + HEADER; at < end; at++) if (renumbered[pool[at]!]! >= 0) rows++;
      }
      kept[list] = rows;
      size += HEADER + Math.max(rows, FIRST_BLOCK);
    }
    const fresh = new Int32Array(size);
    let used = 0;
    for (let list = 0; list < count; list++) {
      const target = used;
      fresh[target + NEXT] = -1;
      fresh[target + CAPACITY] = Math.max(kept[list]!, FIRST_BLOCK);
      let write = target + HEADER;
      for (let block = heads[list]!; block !== -1; block = pool[block + NEXT]!) {
        const end = block + HEADER + pool[block + FILL]!;
        for (let at = block + HEADER; at < end; at++) {
          const row = renumbered[pool[at]!]!;
          if (row >= 0) fresh[write++] = row;
        }
      }
      fresh[target + FILL] = kept[list]!;
      this.heads[list] = target;
      this.tails[list] = target;
      this.lengths[list] = kept[list]!;
      used = target + HEADER + fresh[target + CAPACITY]!;
    }
    this.pool = fresh;
    this.poolUsed = used;
  }

  /** Gives back the spare capacity growth left (after a bulk load). */
  trim(): void {
    this.pool = fitted(this.pool, this.poolUsed);
    this.heads = fitted(this.heads, this.lists.size);
    this.tails = fitted(this.tails, this.lists.size);
    this.lengths = fitted(this.lengths, this.lists.size);
  }

  private allocate(capacity: number): number {
    const size = HEADER + capacity;
    if (this.poolUsed + size > this.pool.length) this.pool = grow(this.pool, larger(this.pool.length, this.poolUsed + size));
    const block = this.poolUsed;
    this.pool[block + NEXT] = -1;
    this.pool[block + CAPACITY] = capacity;
    this.pool[block + FILL] = 0;
    this.poolUsed += size;
    return block;
  }
}

/** Calls `visit` with each row of the chain of blocks that starts at `head`. */
function forEachInPool(pool: Int32Array, head: number, visit: (row: number) => void): void {
  for (let block = head; block !== -1; block = pool[block + NEXT]!) {
    const end = block + HEADER + pool[block + FILL]!;
    for (let at = block + HEADER; at < end; at++) visit(pool[at]!);
  }
}

/** The array cut to `length` (a copy), or itself when it has no spare capacity. */
export function fitted<T extends Int32Array | Uint32Array | Float32Array>(array: T, length: number): T {
  return array.length === length ? array : (array.slice(0, length) as T);
}

/** The next capacity: doubling while small, a quarter more once large (a copy of a large array costs its size again). */
export function larger(current: number, needed: number): number {
  return Math.max(current < 1 << 20 ? current * 2 : Math.floor(current * 1.25), needed);
}

export function grow<T extends Int32Array | Uint32Array | Float32Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
