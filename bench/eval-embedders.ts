// Embedders compared by the cache evaluation: the built-in default and variants of it (feature
// sets, dimensions). Every one is wrapped in a memo so each distinct text is embedded once.
import type { Embedder } from '../src/domain/cache/semantic/embedder.js';
import { BuiltinEmbedder, type BuiltinEmbedderOptions } from '../src/providers/embeddings/builtin/builtin-embedder.js';

const VARIANTS: Record<string, BuiltinEmbedderOptions> = {
  builtin: {},
  words: { weights: { bigram: 0, trigram: 0 } },
  'words+bigrams': { weights: { trigram: 0 } },
  'words+trigrams': { weights: { bigram: 0 } },
  'no-stopword-weighting': { weights: { stopword: 1 } },
  'no-synonyms': { synonyms: false },
  dims256: { dimensions: 256 },
  dims1024: { dimensions: 1024 },
};

export const EMBEDDER_VARIANTS = Object.keys(VARIANTS);

export async function createEvalEmbedder(name: string): Promise<Embedder & { embedMs: number; embedded: number }> {
  const options = VARIANTS[name];
  if (!options) throw new Error(`unknown EVAL_EMBEDDER ${name}; one of ${EMBEDDER_VARIANTS.join(', ')}`);
  return memoize(new BuiltinEmbedder(options));
}

/** Embeds each distinct text once and keeps the time spent, for the per-text cost. */
function memoize(inner: Embedder): Embedder & { embedMs: number; embedded: number } {
  const memo = new Map<string, Float32Array>();
  const wrapper = {
    id: inner.id,
    dimensions: inner.dimensions,
    embedMs: 0,
    embedded: 0,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const missing = [...new Set(texts.filter((text) => !memo.has(text)))];
      if (missing.length > 0) {
        const started = performance.now();
        const vectors = await inner.embed(missing);
        wrapper.embedMs += performance.now() - started;
        wrapper.embedded += missing.length;
        missing.forEach((text, i) => memo.set(text, vectors[i]!));
      }
      return texts.map((text) => memo.get(text)!);
    },
  };
  return wrapper;
}
