// Exact nearest-neighbour search over dense unit vectors, partitioned: a query only ever sees vectors
// of its own partition (tenant, model, system prompt, parameters). Each partition keeps its
// vectors in one contiguous Float32Array, so a scan is a tight dot-product loop with no
// allocation; removal swaps the last row into the hole.

import { insertNeighbour, type NearestIndex, type Neighbour } from './nearest-index.js';

interface Partition {
  ids: string[];
  rows: Float32Array;
}

export class DenseVectorIndex implements NearestIndex<Float32Array> {
  private readonly partitions = new Map<string, Partition>();
  private readonly located = new Map<string, { partition: string; row: number }>();

  /** `dimensions` may be 0 when the embedder's size is not known yet: the first vector sets it. */
  constructor(private dimensions: number) {}

  get size(): number {
    return this.located.size;
  }

  add(id: string, partition: string, vector: Float32Array): void {
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, expected ${this.dimensions}`);
    this.remove(id);
    let part = this.partitions.get(partition);
    if (!part) {
      part = { ids: [], rows: new Float32Array(this.dimensions * 16) };
      this.partitions.set(partition, part);
    }
    const row = part.ids.length;
    if ((row + 1) * this.dimensions > part.rows.length) {
      const grown = new Float32Array(part.rows.length * 2);
      grown.set(part.rows);
      part.rows = grown;
    }
    part.rows.set(vector, row * this.dimensions);
    part.ids.push(id);
    this.located.set(id, { partition, row });
  }

  has(id: string): boolean {
    return this.located.has(id);
  }

  /** How many vectors a partition holds. */
  partitionSize(partition: string): number {
    return this.partitions.get(partition)?.ids.length ?? 0;
  }

  /** Removes a whole partition and hands back its entries (to move them to another index). */
  takePartition(partition: string): Array<{ id: string; vector: Float32Array }> {
    const part = this.partitions.get(partition);
    if (!part) return [];
    this.partitions.delete(partition);
    return part.ids.map((id, row) => {
      this.located.delete(id);
      return { id, vector: part.rows.subarray(row * this.dimensions, (row + 1) * this.dimensions) };
    });
  }

  remove(id: string): boolean {
    const where = this.located.get(id);
    if (!where) return false;
    this.located.delete(id);
    const part = this.partitions.get(where.partition)!;
    const last = part.ids.length - 1;
    if (where.row !== last) {
      const movedId = part.ids[last]!;
      part.rows.copyWithin(where.row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      part.ids[where.row] = movedId;
      this.located.get(movedId)!.row = where.row;
    }
    part.ids.pop();
    if (part.ids.length === 0) this.partitions.delete(where.partition);
    return true;
  }

  /** The k most similar vectors of the partition, most similar first. */
  nearest(partition: string, query: Float32Array, k: number): Neighbour[] {
    const part = this.partitions.get(partition);
    if (!part || k <= 0 || query.length !== this.dimensions) return [];
    const dims = this.dimensions;
    const rows = part.rows;
    // Only the query's non-zero components contribute: hashed-feature vectors are mostly zeros,
    // so the scan reads a fraction of each row (dense queries simply list every component).
    const { indices, values } = nonZeroComponents(query);
    const terms = indices.length;
    const best: Neighbour[] = [];
    let floor = -Infinity;
    for (let row = 0; row < part.ids.length; row++) {
      let dot = 0;
      const offset = row * dims;
      for (let t = 0; t < terms; t++) dot += rows[offset + indices[t]!]! * values[t]!;
      if (best.length < k || dot > floor) {
        insertNeighbour(best, { id: part.ids[row]!, similarity: dot }, k);
        floor = best.length < k ? -Infinity : best[best.length - 1]!.similarity;
      }
    }
    return best;
  }
}

function nonZeroComponents(vector: Float32Array): { indices: Int32Array; values: Float32Array } {
  let count = 0;
  for (let d = 0; d < vector.length; d++) if (vector[d] !== 0) count++;
  const indices = new Int32Array(count);
  const values = new Float32Array(count);
  for (let d = 0, t = 0; d < vector.length; d++) {
    if (vector[d] !== 0) {
      indices[t] = d;
      values[t++] = vector[d]!;
    }
  }
  return { indices, values };
}
