// Builds the embedder the configuration names: the built-in offline model by default, an
// OpenAI-compatible endpoint, or a local ONNX model.
import type { Config } from '../../config/schema.js';
import type { Embedder } from '../../domain/cache/semantic/embedder.js';
import { BuiltinEmbedder } from './builtin/builtin-embedder.js';
import { OnnxEmbedder } from './onnx/onnx-embedder.js';
import { OpenAiCompatibleEmbedder } from './openai-compatible/openai-compatible-embedder.js';

export async function createEmbedder(config: Config): Promise<Embedder & { close?(): Promise<void> }> {
  const settings = config.embeddings;
  switch (settings.provider) {
    case 'builtin':
      return new BuiltinEmbedder();
    case 'onnx':
      if (!settings.modelDir) throw new Error('embeddings.modelDir (SYNAPSE_EMBEDDING_MODEL_DIR) is required for the onnx embedder');
      return OnnxEmbedder.load(settings.modelDir);
    case 'openai': {
      const upstream = config.upstreams.find((u) => u.models.includes('*')) ?? config.upstreams[0]!;
      const apiKey = settings.apiKey ?? upstream.apiKey;
      return new OpenAiCompatibleEmbedder({
        baseUrl: settings.baseUrl ?? upstream.baseUrl,
        model: settings.model,
        ...(apiKey ? { apiKey } : {}),
        ...(settings.dimensions ? { dimensions: settings.dimensions } : {}),
        batchSize: settings.batchSize,
        timeoutMs: settings.timeoutMs,
      });
    }
  }
}
