// A milestone's search vector with its branch context: the weighted sum of its own embedding and
// those of the branch's previous milestones, scaled to unit length. Works on the two vector kinds
// the embedders produce: dense Float32Array and sparse (indices, values) vectors.
import { sparseFromSlots, type SparseVector } from '../../cache/semantic/vectors/sparse-vector.js';

/** `vectors[0]` is the milestone's own, then its predecessors, newest first; one weight each. */
export function mixContextVectors(vectors: unknown[], weights: readonly number[]): unknown {
  if (vectors.length <= 1) return vectors[0];
  if (vectors.every((v) => v instanceof Float32Array)) return mixDense(vectors as Float32Array[], weights);
  return mixSparse(vectors as SparseVector[], weights);
}

function mixDense(vectors: Float32Array[], weights: readonly number[]): Float32Array {
  const sum = new Float32Array(vectors[0]!.length);
  vectors.forEach((vector, k) => {
    const weight = weights[k] ?? 0;
    for (let i = 0; i < sum.length; i++) sum[i] += weight * (vector[i] ?? 0);
  });
  let norm = 0;
  for (const x of sum) norm += x * x;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < sum.length; i++) sum[i] *= scale;
  }
  return sum;
}

function mixSparse(vectors: SparseVector[], weights: readonly number[]): SparseVector {
  const slots = new Map<number, number>();
  vectors.forEach((vector, k) => {
    const weight = weights[k] ?? 0;
    vector.indices.forEach((slot, i) => slots.set(slot, (slots.get(slot) ?? 0) + weight * vector.values[i]!));
  });
  return sparseFromSlots(slots);
}
