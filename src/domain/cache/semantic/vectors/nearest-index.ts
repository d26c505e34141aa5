// Port for the per-partition nearest-neighbour indexes of the semantic cache: for model embedders
// a dense exact scan, or an HNSW graph for large partitions (tiered-dense-index.ts); an inverted
// index for the built-in sparse one.

export interface Neighbour {
  id: string;
  similarity: number;
}

/** What reading an index's snapshot back gave. */
export interface SnapshotRestore {
  entries: number;
  /** `read`, or why nothing was read (no snapshot, or why it could not be used). */
  outcome: string;
}

export interface NearestIndex<V> {
  readonly size: number;
  add(id: string, partition: string, vector: V): void;
  has(id: string): boolean;
  remove(id: string): boolean;
  /**
   * The k most similar vectors of the partition, most similar first. Every vector at or above
   * `floor` is considered; an index may skip ones below it (a floor of 0 or less skips none).
   */
  nearest(partition: string, query: V, k: number, floor?: number): Neighbour[];
  /**
   * The similarity of a stored vector to `query`, undefined when the id is not stored; indexes
   * that can tell it spare their users keeping a second copy of each vector (the sparse one can).
   */
  similarityTo?(id: string, query: V): number | undefined;
  /** Gives back spare capacity, when the index reserves any (after a bulk load). */
  trim?(): void;
  /**
   * Indexes that keep a snapshot (HNSW graphs: tiered-dense-index.ts): `restore` reads it back
   * into the empty index before the load from the store; the load then adds every live entry
   * again (entries read back are confirmed, not inserted again) and `settle` removes those it did
   * not add; `persist` writes the index, `changesSinceSnapshot` says how much it changed since.
   */
  restore?(): Promise<SnapshotRestore>;
  settle?(): number;
  persist?(): Promise<void>;
  readonly changesSinceSnapshot?: number;
}

/** Inserts into a list kept sorted by similarity, most similar first, at most k long. */
export function insertNeighbour(list: Neighbour[], item: Neighbour, k: number): void {
  let at = list.length;
  while (at > 0 && list[at - 1]!.similarity < item.similarity) at--;
  list.splice(at, 0, item);
  if (list.length > k) list.pop();
}
