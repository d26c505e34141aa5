// Loads hnswlib-node, the optional native addon behind the approximate dense index. It is an
// optionalDependency built from source at install: when it is missing or fails to load, dense
// partitions keep the exact scan and the reason is kept for the logs, /ready and the cache stats.
import { createRequire } from 'node:module';

/** The part of hnswlib-node's HierarchicalNSW the index uses. */
export interface HnswGraph {
  initIndex(options: { maxElements: number; m?: number; efConstruction?: number; randomSeed?: number; allowReplaceDeleted?: boolean }): void;
  resizeIndex(newMaxElements: number): void;
  addPoint(point: number[], label: number, replaceDeleted?: boolean): void;
  markDelete(label: number): void;
  searchKnn(query: number[], k: number): { distances: number[]; neighbors: number[] };
  setEf(ef: number): void;
  getMaxElements(): number;
  getCurrentCount(): number;
  getNumDimensions(): number;
  /** Every label in the graph, deleted ones included. */
  getIdsList(): number[];
  /** Runs on a libuv worker thread: the graph must not change until it resolves. */
  writeIndex(file: string): Promise<boolean>;
  readIndex(file: string, allowReplaceDeleted?: boolean): Promise<boolean>;
}

export interface HnswLibrary {
  createGraph(dimensions: number): HnswGraph;
}

export type HnswAvailability = { library: HnswLibrary } | { library?: undefined; reason: string };

let loaded: HnswAvailability | undefined;

/** The addon, or why it could not be loaded; tried once per process. */
export function loadHnsw(): HnswAvailability {
  if (loaded) return loaded;
  try {
    const { HierarchicalNSW } = createRequire(import.meta.url)('hnswlib-node') as {
      HierarchicalNSW: new (space: 'ip', dimensions: number) => HnswGraph;
    };
    loaded = { library: { createGraph: (dimensions) => new HierarchicalNSW('ip', dimensions) } };
  } catch (error) {
    loaded = { reason: `hnswlib-node could not be loaded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  return loaded;
}
