// Reads a tool call's streamed or stringified arguments into the `input` object of a tool_use block.
// Shared by the native relay and the OpenAI translation so both treat bad JSON the same way.

/**
 * An empty text means no arguments: `{}` (Anthropic streams no JSON for a tool without input).
 * Text that is not a JSON object (a truncated stream under fine-grained tool streaming, or a weak
 * OpenAI-compatible model) is kept as `{ INVALID_JSON: text }`, the wrapper Anthropic's docs
 * suggest for passing invalid tool JSON back: the client's tool validation then fails visibly, and
 * the model sees what it wrote, where `{}` would hide it.
 */
export function parseToolInput(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // falls through to the wrapper
  }
  return { INVALID_JSON: text };
}
