// The default embedder: offline, deterministic and fast (no model download, no native code).
// A text becomes weighted features (stemmed words, with function words down-weighted and common
// synonyms merged; pairs of neighbouring content words; character trigrams for spelling
// variants), each with sublinear term frequency, signed-hashed into a fixed number of dimensions
// and scaled to unit length. The same features are also offered as sparse vectors in a space of
// 2^18 slots, where almost nothing collides, for the cache's inverted index.
import type { Embedder, SparseEmbedding } from '../../../domain/cache/semantic/embedder.js';
import { sparseFromSlots, type SparseVector } from '../../../domain/cache/semantic/vectors/sparse-vector.js';
import { STOPWORDS, stemWord } from '../../../domain/cache/semantic/text/english-words.js';
import { tokenize } from '../../../domain/cache/semantic/text/tokenize-text.js';
import { addHashed, hashFeature, normalizeInPlace } from '../../../domain/cache/semantic/vectors/feature-hash.js';
import { canonicalStem } from '../../../domain/cache/semantic/text/synonyms.js';

export interface FeatureWeights {
  word: number;
  stopword: number;
  bigram: number;
  trigram: number;
}

export interface BuiltinEmbedderOptions {
  dimensions?: number;
  weights?: Partial<FeatureWeights>;
  /** Merge common synonyms ("buy" / "purchase"); on by default. */
  synonyms?: boolean;
}

export const DEFAULT_DIMENSIONS = 512;
export const SPARSE_DIMENSIONS = 1 << 18;
export const DEFAULT_WEIGHTS: FeatureWeights = { word: 1, stopword: 0.25, bigram: 0.6, trigram: 0.35 };
/** v2: the larger synonym table (text/synonyms.ts); a v1 vector is never compared with a v2 one. */
const VERSION = 'v2';

export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly weights: FeatureWeights;
  private readonly synonyms: boolean;
  readonly sparse: SparseEmbedding;

  constructor(options: BuiltinEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.synonyms = options.synonyms ?? true;
    const custom = (options.weights ? '-' + Object.values(this.weights).join('-') : '') + (this.synonyms ? '' : '-nosyn');
    this.id = `builtin-hash-${VERSION}-${this.dimensions}${custom}`;
    this.sparse = {
      id: `builtin-hash-${VERSION}-sparse18${custom}`,
      dimensions: SPARSE_DIMENSIONS,
      embed: async (texts) => texts.map((text) => this.embedSparseOne(text)),
    };
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** The synchronous core of embed(), for callers that have one text at hand. */
  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    for (const [feature, weight] of extractFeatures(text, this.weights, this.synonyms)) addHashed(vector, feature, weight);
    // An empty or punctuation-only text still gets a unit vector (the same for all of them).
    if (vector.every((value) => value === 0)) addHashed(vector, 'empty', 1);
    return normalizeInPlace(vector);
  }

  /** The sparse counterpart of embedOne(): the same features, hashed into SPARSE_DIMENSIONS slots. */
  embedSparseOne(text: string): SparseVector {
    const slots = new Map<number, number>();
    const add = (feature: string, weight: number): void => {
      const hash = hashFeature(feature);
      const slot = hash & (SPARSE_DIMENSIONS - 1);
      slots.set(slot, (slots.get(slot) ?? 0) + (hash & 0x80000000 ? -weight : weight));
    };
    for (const [feature, weight] of extractFeatures(text, this.weights, this.synonyms)) add(feature, weight);
    const vector = sparseFromSlots(slots);
    if (vector.indices.length > 0) return vector;
    add('empty', 1); // an empty or punctuation-only text still gets a unit vector
    return sparseFromSlots(slots);
  }
}

/** Features of a text with their final weights (weight x (1 + ln tf)). */
export function extractFeatures(text: string, weights: FeatureWeights = DEFAULT_WEIGHTS, synonyms = true): Map<string, number> {
  const counts = new Map<string, { weight: number; tf: number }>();
  const add = (feature: string, weight: number): void => {
    const seen = counts.get(feature);
    if (seen) seen.tf++;
    else counts.set(feature, { weight, tf: 1 });
  };
  const content: string[] = [];
  for (const token of tokenize(text)) {
    if (token.kind === 'symbol') {
      add('s:' + token.norm, weights.stopword);
      continue;
    }
    const isStopword = token.kind === 'word' && STOPWORDS.has(token.norm);
    const stem = token.kind !== 'word' ? token.norm : isStopword || !synonyms ? stemWord(token.norm) : canonicalStem(stemWord(token.norm));
    add('w:' + stem, isStopword ? weights.stopword : weights.word);
    if (isStopword) continue;
    content.push(stem);
    if (token.kind === 'word' && weights.trigram > 0) addTrigrams(token.norm, weights.trigram, add);
  }
  for (let i = 1; i < content.length; i++) add('b:' + content[i - 1] + ' ' + content[i], weights.bigram);
  const features = new Map<string, number>();
  for (const [feature, { weight, tf }] of counts) features.set(feature, weight * (1 + Math.log(tf)));
  return features;
}

/** Character trigrams of a word with boundary marks; together they weigh `weight`, like one feature. */
function addTrigrams(word: string, weight: number, add: (feature: string, weight: number) => void): void {
  const marked = '<' + word + '>';
  const count = marked.length - 2;
  if (count < 2) return;
  const each = weight / Math.sqrt(count);
  for (let i = 0; i < count; i++) add('c:' + marked.slice(i, i + 3), each);
}
