// Sparse unit vectors: the non-zero components of a vector in a large hashed feature space, with
// indices ascending. The dot product walks both index lists once; storage packs a vector into one
// Float32Array (index bit patterns first, then values) so stores keep a single BLOB column.

export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

export function sparseDot(a: SparseVector, b: SparseVector): number {
  const ai = a.indices;
  const bi = b.indices;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Builds a unit-length sparse vector from slot -> weight; zero weights are dropped. */
export function sparseFromSlots(slots: Map<number, number>): SparseVector {
  const nonZero = [...slots].filter(([, weight]) => weight !== 0).sort((x, y) => x[0] - y[0]);
  let norm = 0;
  for (const [, weight] of nonZero) norm += weight * weight;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return {
    indices: Uint32Array.from(nonZero, ([slot]) => slot),
    values: Float32Array.from(nonZero, ([, weight]) => weight * scale),
  };
}

export function encodeSparse(vector: SparseVector): Float32Array {
  const count = vector.indices.length;
  const packed = new Float32Array(count * 2);
  new Uint32Array(packed.buffer, 0, count).set(vector.indices);
  packed.set(vector.values, count);
  return packed;
}

/** Unpacks a stored vector; undefined when it is not a well-formed one of `dimensions` slots. */
export function decodeSparse(packed: Float32Array, dimensions: number): SparseVector | undefined {
  if (packed.length % 2 !== 0) return undefined;
  const count = packed.length / 2;
  const copy = packed.slice(); // own, aligned buffer
  const indices = new Uint32Array(copy.buffer, 0, count);
  for (let i = 0; i < count; i++) {
    if (indices[i]! >= dimensions || (i > 0 && indices[i]! <= indices[i - 1]!)) return undefined;
  }
  return { indices, values: copy.subarray(count) };
}
