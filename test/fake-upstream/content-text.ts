// Reading untyped JSON request bodies: the object check and the text of message content (a string
// or an array of typed parts), shared by the chat, Messages, Responses and completions fakes.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Text of a message's content: a string, or the parts whose type is in `textTypes` joined by
 * spaces (`text` for chat and Anthropic, `input_text`/`output_text` for Responses).
 */
export function contentText(content: unknown, textTypes: readonly string[] = ['text']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && typeof part['type'] === 'string' && textTypes.includes(part['type']) && typeof part['text'] === 'string') {
      texts.push(part['text']);
    }
  }
  return texts.join(' ');
}
