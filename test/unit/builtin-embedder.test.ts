// The built-in embedder: unit-length, deterministic vectors; surface variants of one question
// (casing, punctuation, contractions, "3" / "three", synonyms) embed (nearly) identically, and
// paraphrases sit closer together than unrelated questions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BuiltinEmbedder, DEFAULT_DIMENSIONS } from '../../src/providers/embeddings/builtin/builtin-embedder.js';

const embedder = new BuiltinEmbedder();

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

async function similarity(a: string, b: string): Promise<number> {
  const [x, y] = await embedder.embed([a, b]);
  return dot(x!, y!);
}

describe('BuiltinEmbedder', () => {
  test('returns one unit-length vector of the advertised size per text, in order', async () => {
    const texts = ['What is a semantic cache?', '', '?!', '🙂', 'constructor __proto__ toString', 'x'.repeat(20_000)];
    const vectors = await embedder.embed(texts);
    assert.equal(embedder.dimensions, DEFAULT_DIMENSIONS);
    assert.equal(vectors.length, texts.length);
    for (const vector of vectors) {
      assert.ok(vector instanceof Float32Array);
      assert.equal(vector.length, embedder.dimensions);
      assert.ok(Math.abs(Math.sqrt(dot(vector, vector)) - 1) < 1e-5);
      assert.ok(vector.every((value) => Number.isFinite(value)));
    }
    const [one] = await embedder.embed([texts[0]!]);
    assert.deepEqual(vectors[0], one);
  });

  test('is deterministic, across calls and instances, and names its settings in its id', async () => {
    const text = 'How do I reset my password on Linux?';
    const [a] = await embedder.embed([text]);
    const [b] = await new BuiltinEmbedder().embed([text]);
    assert.deepEqual(a, b);
    assert.equal(embedder.id, new BuiltinEmbedder().id);
    assert.match(embedder.id, /^builtin-/);
    const small = new BuiltinEmbedder({ dimensions: 256 });
    assert.equal(small.dimensions, 256);
    assert.notEqual(small.id, embedder.id);
    assert.notEqual(new BuiltinEmbedder({ weights: { bigram: 0 } }).id, embedder.id);
  });

  test('embeds surface variants of one question identically', async () => {
    const same: [string, string][] = [
      ['What is the capital of France?', 'what is the capital of france'],
      ['What is the capital of France?', '  What   is the capital of France ?!'],
      ["What's the capital of France?", 'What is the capital of France?'],
      ["Why don't cats like water?", 'Why do not cats like water?'],
      ['How do I buy 3 apples?', 'How do I buy three apples?'],
      ['Is twenty-one a good age?', 'Is 21 a good age?'],
      ['Is it 10% off?', 'Is it 10 percent off?'],
    ];
    for (const [a, b] of same) assert.ok((await similarity(a, b)) > 0.999, `${a} / ${b}`);
  });

  test('puts paraphrases closer than unrelated questions', async () => {
    const paraphrases: [string, string][] = [
      ['How do I buy a car?', 'How can I purchase an automobile?'],
      ['How can I learn Python quickly?', 'What is the fastest way to learn Python?'],
      ['What are the benefits of drinking water?', 'What are the advantages of drinking water?'],
      ['How do I reset my password?', 'How can I reset my password?'],
    ];
    const unrelated = ['What is the boiling point of water?', 'Who painted the Mona Lisa?', 'Best pizza in Naples?'];
    for (const [a, b] of paraphrases) {
      const close = await similarity(a, b);
      for (const other of unrelated) {
        const far = await similarity(a, other);
        assert.ok(close > far + 0.2, `${a} / ${b} (${close.toFixed(3)}) vs ${other} (${far.toFixed(3)})`);
      }
    }
    assert.ok((await similarity('How do I reset my password?', 'How can I reset my password?')) > 0.95);
  });

  test('keeps spelling variants close through character trigrams', async () => {
    const typo = await similarity('How do I install Kubernetes?', 'How do I instal Kubernets?');
    const other = await similarity('How do I install Kubernetes?', 'How do I bake bread?');
    assert.ok(typo > other + 0.3, `${typo.toFixed(3)} vs ${other.toFixed(3)}`);
  });

  test('embeds a batch of short texts (speed is reported, not asserted)', async (t) => {
    const texts = Array.from({ length: 2000 }, (_, i) => `How do I configure service number ${i} behind a reverse proxy?`);
    const started = performance.now();
    const vectors = await embedder.embed(texts);
    t.diagnostic(`${((performance.now() - started) / texts.length).toFixed(4)} ms per text`);
    assert.equal(vectors.length, texts.length);
    assert.equal(new Set(vectors.map((vector) => vector.join(','))).size, texts.length);
  });
});
