// Exact nearest neighbours among sparse unit vectors, partitioned, without scanning a partition.
// An inverted index from feature slot to rows yields candidates, and prefix filtering keeps the
// search exact above a similarity floor t: for unit vectors, a row that shares none of the
// query's features in a set P scores at most ||q outside P|| (Cauchy-Schwarz). So the postings
// of the query's rarest features, taken until less than t of its norm is left outside them, hold
// every row that can reach t. Small partitions are simply scanned.
import { insertNeighbour, type NearestIndex, type Neighbour } from './nearest-index.js';
import { PostingLists, fitted, grow, larger } from './posting-lists.js';
import type { SparseVector } from './sparse-vector.js';

/** Live rows before a partition keeps an inverted index; below it a scan is as fast. */
const POSTINGS_FROM = 256;
/** Removed rows are reclaimed once there are this many and more than a quarter of the live ones. */
const COMPACT_FROM = 1024;

/**
 * Bytes a stored non-zero component costs, for memory budgets: its slot and value (4 bytes
 * each), its posting (4) and its share of the posting blocks' headers and unfilled ends
 * (measured at 100k and 1M entries of the built-in embedder).
 */
export const SPARSE_BYTES_PER_COMPONENT = 13;

class SparsePartition {
  constructor(readonly name: string) {}

  ids: Array<string | undefined> = [];
  live = 0;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private slots = new Uint32Array(1024);
  private values = new Float32Array(1024);
  private used = 0;
  private postings: PostingLists | undefined;
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

  /**
   * Drops removed rows in place: live rows move down, keeping their order, and the posting lists
   * are renumbered (a rebuild from the rows took 18 s at 1M rows, mostly growing arrays again).
   * `moved` learns each live row's new number.
   */
  compact(moved: (id: string, row: number) => void): void {
    const renumbered = new Int32Array(this.ids.length);
    let kept = 0;
    let used = 0;
    for (let row = 0; row < this.ids.length; row++) {
      const id = this.ids[row];
      if (id === undefined) {
        renumbered[row] = -1;
        continue;
      }
      const start = this.starts[row]!;
      const count = this.lengths[row]!;
      if (start !== used) {
        this.slots.copyWithin(used, start, start + count);
        this.values.copyWithin(used, start, start + count);
      }
      this.starts[kept] = used;
      this.lengths[kept] = count;
      this.ids[kept] = id;
      renumbered[row] = kept;
      if (kept !== row) moved(id, kept);
      used += count;
      kept++;
    }
    this.ids.length = kept;
    this.used = used;
    this.postings?.renumber(renumbered);
    this.trim();
  }

  /** Gives back the spare capacity growth left (after a bulk load). */
  trim(): void {
    this.slots = fitted(this.slots, this.used);
    this.values = fitted(this.values, this.used);
    this.starts = fitted(this.starts, this.ids.length);
    this.lengths = fitted(this.lengths, this.ids.length);
    this.postings?.trim();
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
      (a, b) => postings.lengthOf(query.indices[a]!) - postings.lengthOf(query.indices[b]!),
    );
    // The small margin keeps rounding in stored norms from ever making the search inexact.
    const stopBelow = floor * (1 - 1e-5);
    const visit = (row: number): void => {
      if (this.stamps[row] === stamp || this.ids[row] === undefined) return;
      this.stamps[row] = stamp;
      consider(row);
    };
    for (const position of rarestFirst) {
      if (Math.sqrt(Math.max(outside, 0)) < stopBelow) break;
      outside -= query.values[position]! * query.values[position]!;
      postings.forEachRow(query.indices[position]!, visit);
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
    this.postings = new PostingLists();
    for (let row = 0; row < this.ids.length; row++) if (this.ids[row] !== undefined) this.post(row);
  }

  private post(row: number): void {
    const start = this.starts[row]!;
    const end = start + this.lengths[row]!;
    for (let j = start; j < end; j++) this.postings!.add(this.slots[j]!, row);
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

/**
 * Where each id's row is, without an object per entry: a handle per id into a column of
 * partitions and a typed column of rows; handles of removed ids are reused.
 */
class RowLocations {
  private readonly handles = new Map<string, number>();
  private partitions: Array<SparsePartition | undefined> = [];
  private rows = new Int32Array(1024);
  private readonly free: number[] = [];

  get size(): number {
    return this.handles.size;
  }

  has(id: string): boolean {
    return this.handles.has(id);
  }

  partitionOf(id: string): SparsePartition | undefined {
    const handle = this.handles.get(id);
    return handle === undefined ? undefined : this.partitions[handle];
  }

  /** The id's row; only for an id that is located (partitionOf said so). */
  rowOf(id: string): number {
    return this.rows[this.handles.get(id)!]!;
  }

  set(id: string, partition: SparsePartition, row: number): void {
    let handle = this.handles.get(id);
    if (handle === undefined) {
      handle = this.free.pop() ?? this.partitions.length;
      if (handle >= this.rows.length) this.rows = grow(this.rows, larger(this.rows.length, handle + 1));
      this.handles.set(id, handle);
    }
    this.partitions[handle] = partition;
    this.rows[handle] = row;
  }

  delete(id: string): void {
    const handle = this.handles.get(id);
    if (handle === undefined) return;
    this.handles.delete(id);
    this.partitions[handle] = undefined;
    this.free.push(handle);
  }
}

export class SparseVectorIndex implements NearestIndex<SparseVector> {
  private readonly partitions = new Map<string, SparsePartition>();
  private readonly located = new RowLocations();

  get size(): number {
    return this.located.size;
  }

  add(id: string, partition: string, vector: SparseVector): void {
    this.remove(id);
    let part = this.partitions.get(partition);
    if (!part) {
      // The partition's own name: rows read from a store each bring a copy of the string.
      part = new SparsePartition(partition);
      this.partitions.set(partition, part);
    }
    this.located.set(id, part, part.append(id, vector));
  }

  has(id: string): boolean {
    return this.located.has(id);
  }

  remove(id: string): boolean {
    const part = this.located.partitionOf(id);
    if (!part) return false;
    part.kill(this.located.rowOf(id));
    this.located.delete(id);
    if (part.live === 0) this.partitions.delete(part.name);
    else if (part.dead >= COMPACT_FROM && part.dead * 4 > part.live) this.compact(part);
    return true;
  }

  /** Gives back spare capacity after a bulk load (growth reserves up to twice what is used). */
  trim(): void {
    for (const part of this.partitions.values()) part.trim();
  }

  /** The dot product of a stored vector with `query`; undefined when the id is not stored. */
  similarityTo(id: string, query: SparseVector): number | undefined {
    return this.located.partitionOf(id)?.similarityTo(query, this.located.rowOf(id));
  }

  nearest(partition: string, query: SparseVector, k: number, floor = 0): Neighbour[] {
    const part = this.partitions.get(partition);
    if (!part || k <= 0) return [];
    return part.nearest(query, k, floor);
  }

  private compact(part: SparsePartition): void {
    part.compact((id, row) => this.located.set(id, part, row));
  }
}
