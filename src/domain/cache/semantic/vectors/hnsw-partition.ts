// One partition of dense unit vectors in an HNSW graph (hnswlib, inner-product space): search
// in about log(n) distance computations instead of n. Entries get integer labels; a removed
// entry is marked deleted and its slot is reused by the next insert (allowReplaceDeleted), and
// the graph doubles its capacity when full (resizeIndex).
import type { Neighbour } from './nearest-index.js';
import type { HnswGraph, HnswLibrary } from './hnsw-library.js';

/** Links per node and build-time beam (recall against the exact scan: docs/benchmarks.md). */
const LINKS = 16;
const BUILD_EF = 100;
/** Default search beam (cache.semantic.annEf); raised to k when k is larger. */
export const SEARCH_EF = 64;
const INITIAL_CAPACITY = 1024;

export class HnswPartition {
  private readonly graph: HnswGraph;
  private readonly labels = new Map<string, number>();
  private readonly ids = new Map<number, string>();
  private nextLabel = 0;
  private deleted = 0;

  constructor(
    library: HnswLibrary,
    dimensions: number,
    capacity = INITIAL_CAPACITY,
    private readonly searchEf = SEARCH_EF,
  ) {
    this.graph = library.createGraph(dimensions);
    this.graph.initIndex({ maxElements: Math.max(capacity, 16), m: LINKS, efConstruction: BUILD_EF, randomSeed: 100, allowReplaceDeleted: true });
    this.graph.setEf(searchEf);
  }

  get size(): number {
    return this.labels.size;
  }

  has(id: string): boolean {
    return this.labels.has(id);
  }

  add(id: string, vector: Float32Array): void {
    this.remove(id);
    const label = this.nextLabel++;
    if (this.deleted > 0) {
      this.graph.addPoint(Array.from(vector), label, true); // takes over a deleted node's slot
      this.deleted--;
    } else {
      if (this.graph.getCurrentCount() >= this.graph.getMaxElements()) this.graph.resizeIndex(this.graph.getMaxElements() * 2);
      this.graph.addPoint(Array.from(vector), label, false);
    }
    this.labels.set(id, label);
    this.ids.set(label, id);
  }

  remove(id: string): boolean {
    const label = this.labels.get(id);
    if (label === undefined) return false;
    this.graph.markDelete(label);
    this.deleted++;
    this.labels.delete(id);
    this.ids.delete(label);
    return true;
  }

  nearest(query: Float32Array, k: number, floor: number): Neighbour[] {
    const count = Math.min(k, this.labels.size);
    if (count <= 0) return [];
    if (count > this.searchEf) this.graph.setEf(count);
    const { distances, neighbors } = this.graph.searchKnn(Array.from(query), count);
    if (count > this.searchEf) this.graph.setEf(this.searchEf);
    const found: Neighbour[] = [];
    for (let i = 0; i < neighbors.length; i++) {
      const similarity = 1 - distances[i]!;
      const id = this.ids.get(neighbors[i]!);
      if (id !== undefined && (floor <= 0 || similarity >= floor)) found.push({ id, similarity });
    }
    return found.sort((a, b) => b.similarity - a.similarity);
  }
}
