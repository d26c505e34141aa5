// Embedders compared by the cache evaluation: the built-in default (sparse, as the cache uses it),
// variants of it (feature sets, dense dimensions), and `configured`: the embedder the gateway's
// configuration names (SYNAPSE_EMBEDDER=openai|onnx with its settings), exactly as the gateway
// would build it. Every one is wrapped in a memo so each distinct text is embedded once.
import { loadConfig } from '../src/config/load.js';
import { createEmbedder } from '../src/providers/embeddings/create-embedder.js';
import { denseSpace, vectorSpaceOf, type VectorSpace } from '../src/domain/cache/semantic/vectors/vector-space.js';
import { BuiltinEmbedder, type BuiltinEmbedderOptions } from '../src/providers/embeddings/builtin/builtin-embedder.js';

const VARIANTS: Record<string, BuiltinEmbedderOptions> = {
  builtin: {},
  'builtin-dense512': {},
  words: { weights: { bigram: 0, trigram: 0 } },
  'words+bigrams': { weights: { trigram: 0 } },
  'words+trigrams': { weights: { bigram: 0 } },
  'no-stopword-weighting': { weights: { stopword: 1 } },
  'no-synonyms': { synonyms: false },
  dims256: { dimensions: 256 },
  dims1024: { dimensions: 1024 },
};

export const EMBEDDER_VARIANTS = [...Object.keys(VARIANTS), 'configured'];

/** `configured` when SYNAPSE_EMBEDDER names one, else the built-in default. */
export function defaultEvalEmbedder(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVAL_EMBEDDER ?? (env.SYNAPSE_EMBEDDER ? 'configured' : 'builtin');
}

export type EvalSpace = VectorSpace<unknown> & { embedMs: number; embedded: number };

/** The variant's vector space: sparse for the plain built-in one, dense for `dims*` and `-dense512`. */
export async function createEvalSpace(name: string): Promise<EvalSpace> {
  if (name === 'configured') return memoize(vectorSpaceOf(await createEmbedder(loadConfig())));
  const options = VARIANTS[name];
  if (!options) throw new Error(`unknown EVAL_EMBEDDER ${name}; one of ${EMBEDDER_VARIANTS.join(', ')}`);
  const embedder = new BuiltinEmbedder(options);
  const dense = name.startsWith('dims') || name.endsWith('-dense512');
  return memoize(dense ? (denseSpace(embedder) as VectorSpace<unknown>) : vectorSpaceOf(embedder));
}

/** Embeds each distinct text once and keeps the time spent, for the per-text cost. */
function memoize(inner: VectorSpace<unknown>): EvalSpace {
  const memo = new Map<string, unknown>();
  const wrapper: EvalSpace = {
    ...inner,
    embedMs: 0,
    embedded: 0,
    async embed(texts: string[]): Promise<unknown[]> {
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
