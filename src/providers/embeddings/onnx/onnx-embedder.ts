// Embeddings from a local ONNX sentence-embedding model (e.g. all-MiniLM-L6-v2 exported for
// transformers.js) through @huggingface/transformers, mean-pooled and normalised. The package is
// optional (`npm install @huggingface/transformers`) and nothing is ever downloaded: the model
// must already be in `modelDir`.
import { basename, dirname, resolve } from 'node:path';
import type { Embedder } from '../../../domain/cache/semantic/embedder.js';

type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ tolist(): number[][] }>;

interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(task: 'feature-extraction', model: string, options: { local_files_only: boolean }): Promise<Extractor>;
}

const PACKAGE = '@huggingface/transformers';

export class OnnxEmbedder implements Embedder {
  private constructor(
    readonly id: string,
    readonly dimensions: number,
    private readonly extract: Extractor,
  ) {}

  static async load(modelDir: string): Promise<OnnxEmbedder> {
    let transformers: TransformersModule;
    try {
      transformers = (await import(PACKAGE as string)) as TransformersModule;
    } catch {
      throw new Error(`the onnx embedder needs the optional package ${PACKAGE}: npm install ${PACKAGE}`);
    }
    const directory = resolve(modelDir);
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = dirname(directory) + '/';
    const extract = await transformers.pipeline('feature-extraction', basename(directory), { local_files_only: true });
    const probe = (await extract(['dimension probe'], { pooling: 'mean', normalize: true })).tolist();
    return new OnnxEmbedder(`onnx:${basename(directory)}`, probe[0]!.length, extract);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const output = await this.extract(texts, { pooling: 'mean', normalize: true });
    return output.tolist().map((row) => Float32Array.from(row));
  }
}
