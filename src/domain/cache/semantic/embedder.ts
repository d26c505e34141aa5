// Port for text embedders: the built-in offline one, any OpenAI-compatible /v1/embeddings
// endpoint, or a local ONNX model. Vectors are unit length, so a dot product is the cosine.

export interface Embedder {
  /** Names the model and its settings; vectors from embedders with different ids are never compared. */
  readonly id: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. Rejects when the embedder is unavailable. */
  embed(texts: string[]): Promise<Float32Array[]>;
}
