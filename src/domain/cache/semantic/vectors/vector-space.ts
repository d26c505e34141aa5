// How the semantic cache embeds, compares, stores and indexes vectors: dense vectors scanned
// exactly for model embedders, sparse vectors behind an inverted index when the embedder offers
// them (the built-in one does).
import type { Embedder, SparseEmbedding } from '../embedder.js';
import { DenseVectorIndex } from './dense-vector-index.js';
import type { NearestIndex } from './nearest-index.js';
import { decodeSparse, encodeSparse, sparseDot, type SparseVector } from './sparse-vector.js';
import { SparseVectorIndex } from './sparse-vector-index.js';

export interface VectorSpace<V> {
  /** Stored with each entry and part of its partition; vectors of other spaces are never compared. */
  readonly id: string;
  embed(texts: string[]): Promise<V[]>;
  similarity(a: V, b: V): number;
  serialize(vector: V): Float32Array;
  /** Undefined for a stored vector that does not belong to this space. */
  deserialize(stored: Float32Array): V | undefined;
  createIndex(): NearestIndex<V>;
}

export function vectorSpaceOf(embedder: Embedder): VectorSpace<unknown> {
  return (embedder.sparse ? sparseSpace(embedder.sparse) : denseSpace(embedder)) as VectorSpace<unknown>;
}

export function denseSpace(embedder: Embedder): VectorSpace<Float32Array> {
  return {
    id: embedder.id,
    embed: (texts) => embedder.embed(texts),
    similarity: denseDot,
    serialize: (vector) => vector,
    deserialize: (stored) => (embedder.dimensions > 0 && stored.length !== embedder.dimensions ? undefined : stored),
    createIndex: () => new DenseVectorIndex(embedder.dimensions),
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
  };
}

function denseDot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
