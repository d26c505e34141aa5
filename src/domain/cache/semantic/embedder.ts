// Port for text embedders: the built-in offline one, any OpenAI-compatible /v1/embeddings
// endpoint, or a local ONNX model. Vectors are unit length, so a dot product is the cosine.
import type { SparseVector } from './vectors/sparse-vector.js';

export interface Embedder {
  /** Names the model and its settings; vectors from embedders with different ids are never compared. */
  readonly id: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. Rejects when the embedder is unavailable. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** The same embedding as sparse vectors in a large space, when the embedder has one. */
  readonly sparse?: SparseEmbedding;
}

export interface SparseEmbedding {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<SparseVector[]>;
}
