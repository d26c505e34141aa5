// Dense vectors, partitioned, each partition searched the way its size calls for: an exact scan
// (DenseVectorIndex) while small, an approximate HNSW graph (hnsw-partition.ts) once it holds
// `annFrom` vectors, when the hnswlib addon could be loaded. A partition that grows past the
// bound moves into a graph once; it stays there until it empties.
import { DenseVectorIndex } from './dense-vector-index.js';
import type { HnswLibrary } from './hnsw-library.js';
import { HnswPartition } from './hnsw-partition.js';
import type { NearestIndex, Neighbour } from './nearest-index.js';

export interface TieredDenseOptions {
  /** Undefined: every partition is scanned exactly. */
  library: HnswLibrary | undefined;
  /** Vectors in a partition from which it moves to an HNSW graph. */
  annFrom: number;
  /** The graphs' search beam: higher finds the exact nearest more often, more slowly. */
  searchEf?: number;
}

export class TieredDenseIndex implements NearestIndex<Float32Array> {
  private readonly exact: DenseVectorIndex;
  private readonly graphs = new Map<string, HnswPartition>();
  /** Partition of every id held in a graph. */
  private readonly inGraph = new Map<string, string>();

  constructor(
    private dimensions: number,
    private readonly options: TieredDenseOptions,
  ) {
    this.exact = new DenseVectorIndex(dimensions);
  }

  get size(): number {
    return this.exact.size + this.inGraph.size;
  }

  /** Partitions held in HNSW graphs. */
  get graphPartitions(): number {
    return this.graphs.size;
  }

  has(id: string): boolean {
    return this.inGraph.has(id) || this.exact.has(id);
  }

  add(id: string, partition: string, vector: Float32Array): void {
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, expected ${this.dimensions}`);
    this.remove(id);
    const graph = this.graphs.get(partition);
    if (graph) {
      graph.add(id, vector);
      this.inGraph.set(id, partition);
      return;
    }
    this.exact.add(id, partition, vector);
    const library = this.options.library;
    if (library && this.exact.partitionSize(partition) >= this.options.annFrom) this.moveToGraph(library, partition);
  }

  remove(id: string): boolean {
    const partition = this.inGraph.get(id);
    if (partition === undefined) return this.exact.remove(id);
    this.inGraph.delete(id);
    const graph = this.graphs.get(partition)!;
    graph.remove(id);
    if (graph.size === 0) this.graphs.delete(partition);
    return true;
  }

  nearest(partition: string, query: Float32Array, k: number, floor = 0): Neighbour[] {
    if (query.length !== this.dimensions) return [];
    const graph = this.graphs.get(partition);
    return graph ? graph.nearest(query, k, floor) : this.exact.nearest(partition, query, k);
  }

  private moveToGraph(library: HnswLibrary, partition: string): void {
    const entries = this.exact.takePartition(partition);
    const graph = new HnswPartition(library, this.dimensions, entries.length * 2, this.options.searchEf);
    for (const { id, vector } of entries) {
      graph.add(id, vector);
      this.inGraph.set(id, partition);
    }
    this.graphs.set(partition, graph);
  }
}
