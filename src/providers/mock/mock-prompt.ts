// What the mock provider reads from a request: the text it answers to (the last user turn of any
// of the four APIs), the caller's own `mock_response`, and a token estimate for the usage fields.

/** About four characters a token, as the gateway's own count_tokens estimate assumes. */
const CHARS_PER_TOKEN = 4;
/** The prompt is quoted in the answer up to this many characters. */
const QUOTED_CHARS = 200;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/** The text of message content: a string, or the text of its typed parts (`text`, `input_text`, `output_text`). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join(' ');
}

/** The last user turn of chat, Messages or Responses input; a completions prompt as it is. */
export function lastUserText(body: JsonObject): string {
  if (typeof body.input === 'string') return body.input;
  const turns = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : undefined;
  if (turns) {
    for (let i = turns.length - 1; i >= 0; i--) {
      const turn: unknown = turns[i];
      if (isObject(turn) && turn.role === 'user') return contentText(turn.content);
    }
    return '';
  }
  const prompt = Array.isArray(body.prompt) ? body.prompt[0] : body.prompt;
  return typeof prompt === 'string' ? prompt : '';
}

/** Every character of the request's text, for the input token count. */
export function promptText(body: JsonObject): string {
  const parts: string[] = [];
  for (const field of ['system', 'instructions', 'prompt']) {
    const value = body[field];
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) parts.push(value.map((v) => (typeof v === 'string' ? v : contentText([v]))).join(' '));
  }
  if (typeof body.input === 'string') parts.push(body.input);
  const turns = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  for (const turn of turns) if (isObject(turn)) parts.push(contentText(turn.content));
  return parts.join('\n');
}

/**
 * The answer: the caller's `mock_response` when it sent one (as LiteLLM's mock responses), else a
 * fixed sentence quoting the prompt. The same request always gets the same answer.
 */
export function mockAnswerText(body: JsonObject): string {
  if (typeof body.mock_response === 'string' && body.mock_response !== '') return body.mock_response;
  const asked = lastUserText(body).replace(/\s+/g, ' ').trim();
  const quoted = asked.length > QUOTED_CHARS ? `${asked.slice(0, QUOTED_CHARS)}…` : asked;
  return `This is a mock response from Synapse: no model was called. You said: "${quoted}"`;
}
