// How the semantic cache embeds, compares, stores and indexes vectors: dense vectors for model
// embedders (scanned exactly, or in HNSW graphs for large partitions when given the addon: see
// tiered-dense-index.ts), sparse vectors behind an inverted index when the embedder offers them
// (the built-in one does).
import type { Embedder, SparseEmbedding } from '../embedder.js';
import { DenseVectorIndex } from './dense-vector-index.js';
import { GRAPH_BYTES_PER_ENTRY } from './hnsw-partition.js';
import type { NearestIndex } from './nearest-index.js';
import { TieredDenseIndex, type TieredDenseOptions } from './tiered-dense-index.js';
import { decodeSparse, encodeSparse, sparseDot, type SparseVector } from './sparse-vector.js';
import { SPARSE_BYTES_PER_COMPONENT, SparseVectorIndex } from './sparse-vector-index.js';

export interface VectorSpace<V> {
  /** Stored with each entry and part of its partition; vectors of other spaces are never compared. */
  readonly id: string;
  embed(texts: string[]): Promise<V[]>;
  similarity(a: V, b: V): number;
  serialize(vector: V): Float32Array;
  /** Undefined for a stored vector that does not belong to this space. */
  deserialize(stored: Float32Array): V | undefined;
  createIndex(): NearestIndex<V>;
  /** Estimated bytes a vector costs in its index (for memory budgets). */
  bytesOf(vector: V): number;
}

/** `ann`: how dense partitions may use HNSW graphs; without it they are scanned exactly. */
export function vectorSpaceOf(embedder: Embedder, ann?: TieredDenseOptions): VectorSpace<unknown> {
  return (embedder.sparse ? sparseSpace(embedder.sparse) : denseSpace(embedder, ann)) as VectorSpace<unknown>;
}

export function denseSpace(embedder: Embedder, ann?: TieredDenseOptions): VectorSpace<Float32Array> {
  return {
    id: embedder.id,
    embed: (texts) => embedder.embed(texts),
    similarity: denseDot,
    serialize: (vector) => vector,
    deserialize: (stored) => (embedder.dimensions > 0 && stored.length !== embedder.dimensions ? undefined : stored),
    createIndex: () => (ann ? new TieredDenseIndex(embedder.dimensions, ann, embedder.id) : new DenseVectorIndex(embedder.dimensions)),
    // The row, and in a graph its links (the snapshot holds 2.09 KB per 384-dimension entry).
    bytesOf: (vector) => vector.length * 4 + (ann?.library ? GRAPH_BYTES_PER_ENTRY : 0),
  };
}

export function sparseSpace(embedding: SparseEmbedding): VectorSpace<SparseVector> {
  return {
    id: embedding.id,
    embed: (texts) => embedding.embed(texts),
    similarity: sparseDot,
    serialize: encodeSparse,
    deserialize: (stored) => decodeSparse(stored, embedding.dimensions),
    createIndex: () => new SparseVectorIndex(),
    bytesOf: (vector) => vector.indices.length * SPARSE_BYTES_PER_COMPONENT,
  };
}

function denseDot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
