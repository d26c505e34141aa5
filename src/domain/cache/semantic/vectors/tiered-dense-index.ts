// Dense vectors, partitioned, each partition searched the way its size calls for: an exact scan
// (DenseVectorIndex) while small, an approximate HNSW graph (hnsw-partition.ts) once it holds
// `annFrom` vectors, when the hnswlib addon could be loaded. A partition that grows past the
// bound moves into a graph once; it stays there until it empties. With a snapshot directory the
// graphs are written there (dense-index-snapshot.ts) and read back at start: entries read back
// are unconfirmed until the load from the store adds them again, and those it does not add
// (deleted or expired meanwhile) are removed when it ends (settle), before any lookup is served.
import { DenseIndexSnapshot } from './dense-index-snapshot.js';
import { DenseVectorIndex } from './dense-vector-index.js';
import type { HnswLibrary } from './hnsw-library.js';
import { BUILD_EF, HnswPartition, LINKS } from './hnsw-partition.js';
import type { NearestIndex, Neighbour, SnapshotRestore } from './nearest-index.js';

export interface TieredDenseOptions {
  /** Undefined: every partition is scanned exactly. */
  library: HnswLibrary | undefined;
  /** Vectors in a partition from which it moves to an HNSW graph. */
  annFrom: number;
  /** The graphs' search beam: higher finds the exact nearest more often, more slowly. */
  searchEf?: number;
  /** Where the graphs are written and read back at start; undefined: rebuilt at every start. */
  snapshotDir?: string;
}

export class TieredDenseIndex implements NearestIndex<Float32Array> {
  private readonly exact: DenseVectorIndex;
  private readonly graphs = new Map<string, HnswPartition>();
  /** Partition of every id held in a graph. */
  private readonly inGraph = new Map<string, string>();
  /** Ids read back from a snapshot that the store has not confirmed yet. */
  private readonly unconfirmed = new Set<string>();
  /** Graph insertions and removals since the last snapshot. */
  private changed = 0;
  private writing: Promise<void> | undefined;

  constructor(
    private dimensions: number,
    private readonly options: TieredDenseOptions,
    /** The embedder's id: a snapshot of another embedder's vectors is never read back. */
    private readonly embedderId = '',
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

  get changesSinceSnapshot(): number {
    return this.changed;
  }

  has(id: string): boolean {
    return this.inGraph.has(id) || this.exact.has(id);
  }

  add(id: string, partition: string, vector: Float32Array): void {
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) throw new Error(`vector has ${vector.length} dimensions, expected ${this.dimensions}`);
    // Read back from the snapshot: its id (tenant and cache key, a hash of the whole request) fixes
    // its text and the snapshot's embedder is this one, so the graph holds this vector already.
    if (this.unconfirmed.delete(id) && this.inGraph.get(id) === partition) return;
    this.remove(id);
    const graph = this.graphs.get(partition);
    if (graph) {
      graph.add(id, vector);
      this.inGraph.set(id, partition);
      this.changed++;
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
    this.unconfirmed.delete(id);
    const graph = this.graphs.get(partition)!;
    graph.remove(id);
    this.changed++;
    if (graph.size === 0) this.graphs.delete(partition);
    return true;
  }

  nearest(partition: string, query: Float32Array, k: number, floor = 0): Neighbour[] {
    if (query.length !== this.dimensions) return [];
    const graph = this.graphs.get(partition);
    return graph ? graph.nearest(query, k, floor) : this.exact.nearest(partition, query, k);
  }

  /** Reads the graphs of the last snapshot back, into an empty index. */
  async restore(): Promise<SnapshotRestore> {
    const { library, snapshotDir } = this.options;
    if (!library || !snapshotDir) return { entries: 0, outcome: 'no snapshot directory' };
    if (this.size > 0) throw new Error('a snapshot is only read into an empty index');
    const restored: Array<[string, HnswPartition, string[]]> = [];
    try {
      const snapshot = await this.snapshot(snapshotDir).read();
      if (!snapshot) return { entries: 0, outcome: 'no snapshot yet' };
      for (const { partition, file, labels, ids } of snapshot.graphs) {
        restored.push([partition, await HnswPartition.restore(library, snapshot.dimensions, file, { labels, ids }, this.options.searchEf), ids]);
      }
      if (restored.length > 0) this.dimensions = snapshot.dimensions;
    } catch (error) {
      return { entries: 0, outcome: `snapshot not used: ${error instanceof Error ? error.message : String(error)}` };
    }
    for (const [partition, graph, ids] of restored) {
      this.graphs.set(partition, graph);
      for (const id of ids) {
        this.inGraph.set(id, partition);
        this.unconfirmed.add(id);
      }
    }
    return { entries: this.inGraph.size, outcome: 'read' };
  }

  /** Removes the entries read back from the snapshot that the load did not add again; returns how many. */
  settle(): number {
    const stale = [...this.unconfirmed];
    for (const id of stale) this.remove(id);
    this.unconfirmed.clear();
    return stale.length;
  }

  /** Writes the graphs to the snapshot directory (one write at a time; a second call waits for the first). */
  async persist(): Promise<void> {
    const { library, snapshotDir } = this.options;
    if (!library || !snapshotDir) return;
    while (this.writing) await this.writing;
    if (this.unconfirmed.size > 0) throw new Error('the index is still being reconciled with the store');
    const changed = this.changed;
    this.writing = this.snapshot(snapshotDir)
      .write([...this.graphs].map(([partition, graph]) => ({ partition, save: (file: string) => graph.save(file) })))
      .then(() => {
        this.changed -= changed;
      })
      .finally(() => {
        this.writing = undefined;
      });
    await this.writing;
  }

  private snapshot(dir: string): DenseIndexSnapshot {
    return new DenseIndexSnapshot(dir, { embedderId: this.embedderId, dimensions: this.dimensions, links: LINKS, buildEf: BUILD_EF });
  }

  private moveToGraph(library: HnswLibrary, partition: string): void {
    const entries = this.exact.takePartition(partition);
    const graph = HnswPartition.create(library, this.dimensions, entries.length * 2, this.options.searchEf);
    for (const { id, vector } of entries) {
      graph.add(id, vector);
      this.inGraph.set(id, partition);
    }
    this.changed += entries.length;
    this.graphs.set(partition, graph);
  }
}
