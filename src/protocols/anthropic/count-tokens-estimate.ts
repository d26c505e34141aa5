// An ESTIMATE of a Messages request's input tokens, for /v1/messages/count_tokens when the upstream
// is not Anthropic (only Anthropic's tokenizer counts exactly): about 4 characters a token over all
// text and JSON, plus fixed costs per message, per image or binary document, and for having tools.
import type { ContentBlockParam, MessagesRequest } from './messages-types.js';

/** English text and JSON average about 4 characters a token; code and CJK text run denser. */
const CHARS_PER_TOKEN = 4;
/** Role markers and separators around each message. */
const MESSAGE_OVERHEAD_TOKENS = 4;
/** An image at the size Anthropic scales large images down to (~1.15 megapixels, ~1,600 tokens). */
const IMAGE_TOKENS = 1_600;
/** A PDF or file document, whose pages we cannot count here: about one dense page. */
const BINARY_DOCUMENT_TOKENS = 2_000;
/** The tool-use system prompt Anthropic adds when a request has tools (~350 tokens in its docs). */
const TOOLS_OVERHEAD_TOKENS = 350;

export function estimateInputTokens(body: Pick<MessagesRequest, 'system' | 'messages' | 'tools'>): number {
  const tally = { chars: 0, tokens: 0 };
  if (typeof body.system === 'string') tally.chars += body.system.length;
  else for (const block of body.system ?? []) countBlock(block, tally);
  for (const message of body.messages ?? []) {
    tally.tokens += MESSAGE_OVERHEAD_TOKENS;
    if (typeof message.content === 'string') tally.chars += message.content.length;
    else for (const block of message.content ?? []) countBlock(block, tally);
  }
  const tools = body.tools ?? [];
  if (tools.length > 0) tally.tokens += TOOLS_OVERHEAD_TOKENS;
  for (const tool of tools) tally.chars += JSON.stringify(tool).length;
  return Math.max(1, Math.ceil(tally.chars / CHARS_PER_TOKEN) + tally.tokens);
}

function countBlock(block: ContentBlockParam, tally: { chars: number; tokens: number }): void {
  switch (block.type) {
    case 'text':
      tally.chars += String(block.text ?? '').length;
      return;
    case 'image':
      tally.tokens += IMAGE_TOKENS;
      return;
    case 'document': {
      const source = (block.source ?? {}) as { type?: string; data?: unknown; content?: unknown };
      if (source.type === 'text') tally.chars += String(source.data ?? '').length;
      else if (source.type === 'content' && typeof source.content === 'string') tally.chars += source.content.length;
      else if (source.type === 'content' && Array.isArray(source.content)) for (const inner of source.content) countBlock(inner, tally);
      else tally.tokens += BINARY_DOCUMENT_TOKENS;
      return;
    }
    case 'tool_result':
      if (typeof block.content === 'string') tally.chars += block.content.length;
      else if (Array.isArray(block.content)) for (const inner of block.content) countBlock(inner as ContentBlockParam, tally);
      return;
    case 'tool_use':
      tally.chars += String(block.name ?? '').length + JSON.stringify(block.input ?? {}).length;
      return;
    case 'thinking':
    case 'redacted_thinking':
      // Anthropic strips thinking from earlier turns before counting; we leave it all out.
      return;
    default:
      tally.chars += JSON.stringify(block).length;
  }
}
