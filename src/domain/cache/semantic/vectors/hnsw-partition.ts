// One partition of dense unit vectors in an HNSW graph (hnswlib, inner-product space): search
// in about log(n) distance computations instead of n. Entries get integer labels; a removed
// entry is marked deleted and its slot is reused by the next insert (allowReplaceDeleted), and
// the graph doubles its capacity when full (resizeIndex). The graph can be written to a file and
// read back (dense-index-snapshot.ts); while it is written on a worker thread it must not change,
// so changes made meanwhile are held aside, searched exactly, and applied once it is written.
import type { Neighbour } from './nearest-index.js';
import type { HnswGraph, HnswLibrary } from './hnsw-library.js';

/**
 * Links per node and build-time beam (recall against the exact scan: docs/benchmarks.md). At 1M
 * entries M 32 left 1.9% of the stored vectors where no search reaches them (every neighbour had
 * pruned its link to them); M 64 leaves 0.56%, and finds hits as fast. With M 64 a build beam of
 * 400 instead of 200 takes the recall of the exact nearest entry at 1M from 0.980 to 1.000 at the
 * default search beam (0.957 to 0.993 at 256), for about twice the build time.
 */
export const LINKS = 64;
export const BUILD_EF = 400;
/** Estimated bytes a graph node costs beyond its vector: 2 x LINKS base-layer links, their count and the label. */
export const GRAPH_BYTES_PER_ENTRY = 2 * LINKS * 4 + 24;
/** Default search beam (as cache.semantic.annEf's default); raised to k when k is larger. */
export const SEARCH_EF = 512;
/**
 * The first, narrow beam of a search with a floor (a cache lookup): when it finds an entry at or
 * above the floor, that is the answer; only when it finds none is the full beam searched. A
 * paraphrase of a stored question is found by a beam of 16 in 0.94 of lookups at 1M entries (64:
 * 0.99), in half the time, so most hits cost this beam alone; the other lookups and misses pay
 * for the full beam too, and searches without a floor search the full beam alone (docs/benchmarks.md).
 */
export const FIRST_PASS_EF = 16;
const INITIAL_CAPACITY = 1024;

/** Which entry each label of a written graph stands for. */
export interface GraphLabels {
  labels: number[];
  ids: string[];
}

export class HnswPartition {
  private readonly labels = new Map<string, number>();
  private readonly ids = new Map<number, string>();
  private nextLabel = 0;
  private deleted = 0;
  /** While the graph is being written: the changes made meanwhile (null: removed). */
  private held: Map<string, Float32Array | null> | undefined;

  private constructor(
    private readonly graph: HnswGraph,
    private readonly searchEf: number,
  ) {
    graph.setEf(searchEf);
  }

  static create(library: HnswLibrary, dimensions: number, capacity = INITIAL_CAPACITY, searchEf = SEARCH_EF): HnswPartition {
    const graph = library.createGraph(dimensions);
    graph.initIndex({ maxElements: Math.max(capacity, 16), m: LINKS, efConstruction: BUILD_EF, randomSeed: 100, allowReplaceDeleted: true });
    return new HnswPartition(graph, searchEf);
  }

  /** Reads a graph written by save(); throws when it does not hold what `written` says. */
  static async restore(library: HnswLibrary, dimensions: number, file: string, written: GraphLabels, searchEf = SEARCH_EF): Promise<HnswPartition> {
    const graph = library.createGraph(dimensions);
    await graph.readIndex(file, true);
    if (graph.getNumDimensions() !== dimensions) throw new Error(`graph has ${graph.getNumDimensions()} dimensions, expected ${dimensions}`);
    if (written.labels.length !== written.ids.length) throw new Error('labels and ids differ in length');
    const partition = new HnswPartition(graph, searchEf);
    const inGraph = new Set(graph.getIdsList());
    written.labels.forEach((label, i) => {
      if (!inGraph.has(label)) throw new Error(`label ${label} is not in the graph`);
      partition.labels.set(written.ids[i]!, label);
      partition.ids.set(label, written.ids[i]!);
    });
    if (partition.labels.size !== written.ids.length) throw new Error('an id is listed twice');
    for (const label of inGraph) {
      partition.nextLabel = Math.max(partition.nextLabel, label + 1);
      if (partition.ids.has(label)) continue;
      try {
        graph.markDelete(label); // removed after the graph was written; normally marked already
      } catch {
        // already marked deleted
      }
    }
    partition.deleted = graph.getCurrentCount() - partition.labels.size;
    return partition;
  }

  get size(): number {
    let size = this.labels.size;
    for (const [id, vector] of this.held ?? []) {
      if (vector && !this.labels.has(id)) size++;
      else if (!vector && this.labels.has(id)) size--;
    }
    return size;
  }

  has(id: string): boolean {
    const held = this.held?.get(id);
    return held === undefined ? this.labels.has(id) : held !== null;
  }

  add(id: string, vector: Float32Array): void {
    if (this.held) this.held.set(id, vector);
    else this.insert(id, vector);
  }

  remove(id: string): boolean {
    if (!this.held) return this.delete(id);
    const present = this.has(id);
    this.held.set(id, null);
    return present;
  }

  nearest(query: Float32Array, k: number, floor: number): Neighbour[] {
    const held = this.held;
    const count = Math.min(k + (held?.size ?? 0), this.labels.size);
    const found: Neighbour[] = [];
    if (count > 0) {
      const point = Array.from(query);
      const narrow = floor > 0 && FIRST_PASS_EF < this.searchEf;
      if (narrow) this.searchGraph(point, count, Math.max(FIRST_PASS_EF, count), floor, found);
      if (found.length === 0) this.searchGraph(point, count, Math.max(this.searchEf, count), floor, found);
    }
    for (const [id, vector] of held ?? []) {
      if (!vector) continue;
      let similarity = 0;
      for (let d = 0; d < vector.length; d++) similarity += vector[d]! * query[d]!;
      if (floor <= 0 || similarity >= floor) found.push({ id, similarity });
    }
    return found.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  /** Adds to `found` the graph's `count` nearest at or above `floor` with beam `ef` (none held aside). */
  private searchGraph(point: number[], count: number, ef: number, floor: number, found: Neighbour[]): void {
    if (ef !== this.searchEf) this.graph.setEf(ef);
    try {
      const { distances, neighbors } = this.graph.searchKnn(point, count);
      for (let i = 0; i < neighbors.length; i++) {
        const similarity = 1 - distances[i]!;
        const id = this.ids.get(neighbors[i]!);
        if (id !== undefined && !this.held?.has(id) && (floor <= 0 || similarity >= floor)) found.push({ id, similarity });
      }
    } finally {
      if (ef !== this.searchEf) this.graph.setEf(this.searchEf);
    }
  }

  /**
   * Writes the graph to `file` on a worker thread and returns which entry each label stands for;
   * changes made meanwhile are applied once it is written.
   */
  async save(file: string): Promise<GraphLabels> {
    if (this.held) throw new Error('the graph is already being written');
    const written: GraphLabels = { labels: [...this.ids.keys()], ids: [...this.ids.values()] };
    this.held = new Map();
    try {
      await this.graph.writeIndex(file);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const [id, vector] of held) {
        if (vector) this.insert(id, vector);
        else this.delete(id);
      }
    }
    return written;
  }

  private insert(id: string, vector: Float32Array): void {
    this.delete(id);
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

  private delete(id: string): boolean {
    const label = this.labels.get(id);
    if (label === undefined) return false;
    this.graph.markDelete(label);
    this.deleted++;
    this.labels.delete(id);
    this.ids.delete(label);
    return true;
  }
}
