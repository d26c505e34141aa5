// The encodings of OpenAI's embeddings API: `float` (arrays of numbers, the API's default) or
// `base64` (the vector's little-endian float32 bytes). The official SDKs ask for base64; many
// OpenAI-compatible servers ignore encoding_format and answer floats, which those SDKs would decode
// into garbage vectors without an error, so the gateway encodes such an answer as asked.

export type EmbeddingEncoding = 'float' | 'base64';

/** What the client asked for: `encoding_format`, `float` when absent. */
export function requestedEncoding(body: { encoding_format?: unknown }): EmbeddingEncoding {
  return body.encoding_format === 'base64' ? 'base64' : 'float';
}

/**
 * The upstream's JSON answer with every float-array embedding encoded as base64, for a client that
 * asked for base64; the text unchanged when nothing needs encoding (or it is not an embeddings list).
 */
export function encodeEmbeddingsAsBase64(answerText: string): string {
  let answer: { data?: unknown };
  try {
    answer = JSON.parse(answerText) as { data?: unknown };
  } catch {
    return answerText;
  }
  if (!Array.isArray(answer?.data)) return answerText;
  let changed = false;
  for (const item of answer.data as Array<{ embedding?: unknown }>) {
    if (isFloatArray(item?.embedding)) {
      item.embedding = floatsToBase64(item.embedding);
      changed = true;
    }
  }
  return changed ? JSON.stringify(answer) : answerText;
}

/** Little-endian float32 bytes, base64: what OpenAI sends for `encoding_format: "base64"`. */
export function floatsToBase64(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i]!, i * 4);
  return bytes.toString('base64');
}

function isFloatArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
