// Embeddings from any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, TEI, vLLM).
// Concurrent calls are gathered into one request of up to `batchSize` inputs; vectors are
// normalised to unit length so that a dot product is the cosine.
import { Pool } from 'undici';
import type { Embedder } from '../../../domain/cache/semantic/embedder.js';

export interface OpenAiCompatibleEmbedderOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Asked of models that can shorten their vectors (text-embedding-3-*). */
  dimensions?: number;
  batchSize: number;
  timeoutMs: number;
}

interface Waiting {
  text: string;
  resolve: (vector: Float32Array) => void;
  reject: (error: unknown) => void;
}

export class OpenAiCompatibleEmbedder implements Embedder {
  readonly id: string;
  private knownDimensions: number;
  private readonly pool: Pool;
  private readonly path: string;
  private queue: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly options: OpenAiCompatibleEmbedderOptions) {
    const url = new URL(options.baseUrl);
    this.path = url.pathname.replace(/\/+$/, '') + '/embeddings';
    this.pool = new Pool(url.origin, { connections: 16, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
    this.id = `openai:${url.origin}${url.pathname}:${options.model}:${options.dimensions ?? 'native'}`;
    this.knownDimensions = options.dimensions ?? 0;
  }

  /** 0 until the first answer when the model's size was not configured. */
  get dimensions(): number {
    return this.knownDimensions;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.all(
      texts.map(
        (text) =>
          new Promise<Float32Array>((resolve, reject) => {
            this.queue.push({ text, resolve, reject });
            if (this.queue.length >= this.options.batchSize) this.flush();
            else if (!this.scheduled) {
              this.scheduled = true;
              setImmediate(() => this.flush());
            }
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.request(batch.map((w) => w.text)).then(
        (vectors) => batch.forEach((waiting, i) => waiting.resolve(vectors[i]!)),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      );
    }
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const body = {
      model: this.options.model,
      input,
      encoding_format: 'float',
      ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
    };
    const response = await this.pool.request({ method: 'POST', path: this.path, headers, body: JSON.stringify(body) });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`embeddings endpoint answered ${response.statusCode}`);
    const parsed = JSON.parse(text) as { data?: Array<{ index: number; embedding: number[] }> };
    const data = [...(parsed.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== input.length) throw new Error(`embeddings endpoint returned ${data.length} vectors for ${input.length} inputs`);
    const vectors = data.map((item) => unitVector(item.embedding));
    this.knownDimensions ||= vectors[0]!.length;
    if (vectors.some((v) => v.length !== this.knownDimensions)) throw new Error('embeddings of inconsistent size');
    return vectors;
  }
}

function unitVector(values: number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
