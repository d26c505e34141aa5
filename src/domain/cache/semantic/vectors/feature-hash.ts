// Signed feature hashing: a string feature lands on one of `dimensions` slots with a sign of
// +1 or -1, so collisions cancel out on average instead of adding up.

/** 32-bit FNV-1a over UTF-16 code units, then a murmur3 finaliser to spread the bits. */
export function hashFeature(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Adds `weight` for `feature` into `vector` at its hashed slot, with its hashed sign. */
export function addHashed(vector: Float32Array, feature: string, weight: number): void {
  const hash = hashFeature(feature);
  const slot = hash % vector.length;
  vector[slot]! += hash & 0x80000000 ? -weight : weight;
}

/** Scales a vector to unit length in place; an all-zero vector is left as it is. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}
