// Splits a chat request into what must match exactly and what may be a paraphrase. The partition
// is a hash of everything except the text of user turns (tenant, model, system prompt, assistant
// and tool turns, tools, response format, every sampling parameter, the embedder), so none of it
// is ever mixed into a vector. The last user message is embedded; earlier user turns are
// compared one by one. Requests with tools, tool results, images or prefills are exact only.
import { hashOutputAffecting } from '../cache-key.js';

export interface SemanticKey {
  partition: string;
  /** The last user message. */
  text: string;
  /** Earlier user turns, oldest first. */
  context: string[];
}

const USER_TURN = '\u0000user-turn';
const MAX_TEXT_CHARS = 8_000;

/** The request's semantic key, or undefined when it cannot be served by meaning (exact only). */
export function describeSemantically(
  tenantId: string,
  embedderId: string,
  body: { messages: unknown[]; [field: string]: unknown },
): SemanticKey | undefined {
  const messages = body.messages;
  // A request that offers tools may act on the world: only the same request, word for word, is
  // answered from the cache.
  if (Array.isArray(body.tools) && body.tools.length > 0) return undefined;
  const last = messages[messages.length - 1] as { role?: unknown } | undefined;
  if (!last || last.role !== 'user') return undefined; // tool results and prefills: exact only
  const userTexts: string[] = [];
  const shaped: unknown[] = [];
  for (const message of messages) {
    const { role, content, ...rest } = message as { role?: unknown; content?: unknown };
    if (role !== 'user') {
      shaped.push(message);
      continue;
    }
    const text = textOf(content);
    if (text === undefined) return undefined; // images, audio, files: exact only
    userTexts.push(text);
    shaped.push({ role, content: USER_TURN, ...rest });
  }
  const text = userTexts[userTexts.length - 1]!;
  if (text.trim() === '' || text.length > MAX_TEXT_CHARS) return undefined;
  const partition = hashOutputAffecting(tenantId + '\u0000' + embedderId, { ...body, messages: shaped });
  return { partition, text, context: userTexts.slice(0, -1) };
}

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const part of content) {
    const typed = part as { type?: unknown; text?: unknown };
    if (typed.type !== 'text' || typeof typed.text !== 'string') return undefined;
    texts.push(typed.text);
  }
  return texts.join('\n');
}
