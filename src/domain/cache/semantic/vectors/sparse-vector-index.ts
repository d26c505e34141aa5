// Exact nearest neighbours among sparse unit vectors, partitioned, without scanning a partition.
// An inverted index from feature slot to rows yields candidates, and prefix filtering keeps the
// search exact above a similarity floor t: for unit vectors, a row that shares none of the
// query's features in a set P scores at most ||q outside P|| (Cauchy-Schwarz). So the postings
// of the query's rarest features, taken until less than t of its norm is left outside them, hold
// every row that can reach t. Small partitions are simply scanned.
import { insertNeighbour, type NearestIndex, type Neighbour } from './nearest-index.js';
import type { SparseVector } from './sparse-vector.js';

/** Live rows before a partition keeps an inverted index; below it a scan is as fast. */
const POSTINGS_FROM = 256;
/** Removed rows are reclaimed once there are this many and more than live ones. */
const COMPACT_FROM = 1024;

interface Postings {
  rows: Int32Array;
  length: number;
}

class SparsePartition {
  constructor(readonly name: string) {}

  ids: Array<string | undefined> = [];
  live = 0;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private slots = new Uint32Array(1024);
  private values = new Float32Array(1024);
  private used = 0;
  private postings: Map<number, Postings> | undefined;
  private stamps = new Int32Array(0);
  private stamp = 0;

  get rows(): number {
    return this.ids.length;
  }

  get dead(): number {
    return this.ids.length - this.live;
  }

  append(id: string, vector: SparseVector): number {
    const row = this.ids.length;
    if (row === this.starts.length) {
      this.starts = grow(this.starts, larger(row, row + 1));
      this.lengths = grow(this.lengths, this.starts.length);
    }
    const count = vector.indices.length;
    if (this.used + count > this.slots.length) {
      const capacity = larger(this.slots.length, this.used + count);
      this.slots = grow(this.slots, capacity);
      this.values = grow(this.values, capacity);
    }
    this.slots.set(vector.indices, this.used);
    this.values.set(vector.values, this.used);
    this.starts[row] = this.used;
    this.lengths[row] = count;
    this.used += count;
    this.ids.push(id);
    this.live++;
    if (this.postings) this.post(row);
    else if (this.live >= POSTINGS_FROM) this.buildPostings();
    return row;
  }

  kill(row: number): void {
    this.ids[row] = undefined;
    this.live--;
  }

  /** Gives back the spare capacity growth left (after a bulk load). */
  trim(): void {
    this.slots = this.slots.slice(0, this.used);
    this.values = this.values.slice(0, this.used);
    this.starts = this.starts.slice(0, this.ids.length);
    this.lengths = this.lengths.slice(0, this.ids.length);
    for (const list of this.postings?.values() ?? []) {
      if (list.rows.length > list.length) list.rows = list.rows.slice(0, list.length);
    }
  }

  vectorOf(row: number): SparseVector {
    const start = this.starts[row]!;
    const end = start + this.lengths[row]!;
    return { indices: this.slots.subarray(start, end), values: this.values.subarray(start, end) };
  }

  nearest(query: SparseVector, k: number, floor: number): Neighbour[] {
    const best: Neighbour[] = [];
    let worst = -Infinity;
    const consider = (row: number): void => {
      const similarity = this.dot(query, row);
      if (best.length < k || similarity > worst) {
        insertNeighbour(best, { id: this.ids[row]!, similarity }, k);
        worst = best.length < k ? -Infinity : best[best.length - 1]!.similarity;
      }
    };
    if (!this.postings || floor <= 0) {
      for (let row = 0; row < this.ids.length; row++) if (this.ids[row] !== undefined) consider(row);
      return best;
    }
    const postings = this.postings;
    const stamp = this.nextStamp();
    let outside = 0;
    for (let i = 0; i < query.values.length; i++) outside += query.values[i]! * query.values[i]!;
    const rarestFirst = Array.from(query.indices.keys()).sort(
      (a, b) => (postings.get(query.indices[a]!)?.length ?? 0) - (postings.get(query.indices[b]!)?.length ?? 0),
    );
    // The small margin keeps rounding in stored norms from ever making the search inexact.
    const stopBelow = floor * (1 - 1e-5);
    for (const position of rarestFirst) {
      if (Math.sqrt(Math.max(outside, 0)) < stopBelow) break;
      outside -= query.values[position]! * query.values[position]!;
      const list = postings.get(query.indices[position]!);
      if (!list) continue;
      for (let p = 0; p < list.length; p++) {
        const row = list.rows[p]!;
        if (this.stamps[row] === stamp || this.ids[row] === undefined) continue;
        this.stamps[row] = stamp;
        consider(row);
      }
    }
    return best;
  }

  similarityTo(query: SparseVector, row: number): number {
    return this.dot(query, row);
  }

  private dot(query: SparseVector, row: number): number {
    const slots = this.slots;
    const values = this.values;
    const qi = query.indices;
    let i = 0;
    let j = this.starts[row]!;
    const end = j + this.lengths[row]!;
    let sum = 0;
    while (i < qi.length && j < end) {
      const a = qi[i]!;
      const b = slots[j]!;
      if (a === b) sum += query.values[i++]! * values[j++]!;
      else if (a < b) i++;
      else j++;
    }
    return sum;
  }

  private buildPostings(): void {
    this.postings = new Map();
    for (let row = 0; row < this.ids.length; row++) if (this.ids[row] !== undefined) this.post(row);
  }

  private post(row: number): void {
    const postings = this.postings!;
    const start = this.starts[row]!;
    const end = start + this.lengths[row]!;
    for (let j = start; j < end; j++) {
      const slot = this.slots[j]!;
      let list = postings.get(slot);
      if (!list) {
        list = { rows: new Int32Array(4), length: 0 };
        postings.set(slot, list);
      } else if (list.length === list.rows.length) {
        list.rows = grow(list.rows, list.length * 2);
      }
      list.rows[list.length++] = row;
    }
  }

  private nextStamp(): number {
    if (this.stamps.length < this.ids.length) this.stamps = grow(this.stamps, Math.max(this.ids.length, this.stamps.length * 2));
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

export class SparseVectorIndex implements NearestIndex<SparseVector> {
  private readonly partitions = new Map<string, SparsePartition>();
  private readonly located = new Map<string, { partition: string; row: number }>();

  get size(): number {
    return this.located.size;
  }

  add(id: string, partition: string, vector: SparseVector): void {
    this.remove(id);
    let part = this.partitions.get(partition);
    if (!part) {
      part = new SparsePartition(partition);
      this.partitions.set(partition, part);
    }
    // The partition's own name: rows read from a store each bring a copy of the string.
    this.located.set(id, { partition: part.name, row: part.append(id, vector) });
  }

  has(id: string): boolean {
    return this.located.has(id);
  }

  remove(id: string): boolean {
    const where = this.located.get(id);
    if (!where) return false;
    this.located.delete(id);
    const part = this.partitions.get(where.partition)!;
    part.kill(where.row);
    if (part.live === 0) this.partitions.delete(where.partition);
    else if (part.dead >= COMPACT_FROM && part.dead > part.live) this.compact(where.partition, part);
    return true;
  }

  /** Gives back spare capacity after a bulk load (growth reserves up to twice what is used). */
  trim(): void {
    for (const part of this.partitions.values()) part.trim();
  }

  /** The dot product of a stored vector with `query`; undefined when the id is not stored. */
  similarityTo(id: string, query: SparseVector): number | undefined {
    const at = this.located.get(id);
    return at ? this.partitions.get(at.partition)!.similarityTo(query, at.row) : undefined;
  }

  nearest(partition: string, query: SparseVector, k: number, floor = 0): Neighbour[] {
    const part = this.partitions.get(partition);
    if (!part || k <= 0) return [];
    return part.nearest(query, k, floor);
  }

  /** Rewrites a partition with its live rows only. */
  private compact(name: string, part: SparsePartition): void {
    const fresh = new SparsePartition(name);
    for (let row = 0; row < part.rows; row++) {
      const id = part.ids[row];
      if (id === undefined) continue;
      this.located.get(id)!.row = fresh.append(id, part.vectorOf(row));
    }
    this.partitions.set(name, fresh);
  }
}

/** The next capacity: doubling while small, a quarter more once large (a copy of a large array costs its size again). */
function larger(current: number, needed: number): number {
  return Math.max(current < 1 << 20 ? current * 2 : Math.floor(current * 1.25), needed);
}

function grow<T extends Int32Array | Uint32Array | Float32Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
