// Anthropic `system` and `messages` as OpenAI chat messages: content blocks become content parts,
// tool_result blocks become `tool` messages, tool_use blocks become `tool_calls`, thinking is dropped.
import { SynapseError } from '../../../errors.js';
import type { ToolCall } from '../../chat/chat-types.js';
import type {
  ContentBlockParam,
  DocumentBlockParam,
  ImageBlockParam,
  MessageParam,
  MessagesRequest,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from '../messages-types.js';

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** A chat request message (chat-types' ChatMessage is the response side: string content only). */
export interface ChatRequestMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | ContentPart[] | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** Prefix of a tool message whose tool_result had `is_error: true` (chat tool messages have no flag). */
export const TOOL_ERROR_PREFIX = 'Error: ';

export function toChatMessages(system: MessagesRequest['system'], messages: MessageParam[]): ChatRequestMessage[] {
  const out: ChatRequestMessage[] = [];
  const systemText = system === undefined ? '' : textOf(system, 'system');
  if (systemText !== '') out.push({ role: 'system', content: systemText });
  messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: textOf(message.content, where) });
        break;
      case 'user':
        out.push(...userMessages(message.content, where));
        break;
      case 'assistant': {
        const assistant = assistantMessage(message.content, where);
        if (assistant) out.push(assistant);
        break;
      }
      default:
        throw new SynapseError('validation_failed', { detail: `${where}.role must be user, assistant or system` });
    }
  });
  return out;
}

/**
 * One user message may become several chat messages: a `tool` message per tool_result first (chat
 * needs them right after the assistant's tool_calls), then a user message with the rest.
 */
function userMessages(content: MessageParam['content'], where: string): ChatRequestMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const toolMessages: ChatRequestMessage[] = [];
  const toolImages: ContentPart[] = [];
  const parts: ContentPart[] = [];
  for (const block of content) {
    if (block.type === 'tool_result') {
      const result = toolResult(block as ToolResultBlockParam, where);
      toolMessages.push(result.message);
      toolImages.push(...result.images);
    } else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') {
      parts.push(...contentParts(block, where));
    }
  }
  const userParts = [...toolImages, ...parts];
  return userParts.length === 0 ? toolMessages : [...toolMessages, { role: 'user', content: collapse(userParts) }];
}

/**
 * Chat tool messages carry text only, so images a tool returned (Claude Code's screenshots, image
 * reads) move to the user message that follows, and the tool message says so.
 */
function toolResult(block: ToolResultBlockParam, where: string): { message: ChatRequestMessage; images: ContentPart[] } {
  const parts: ContentPart[] = typeof block.content === 'string' ? [{ type: 'text', text: block.content }] : [];
  for (const inner of Array.isArray(block.content) ? block.content : []) {
    if (inner.type === 'tool_result') throw untranslatable('a tool_result nested in a tool_result', where);
    parts.push(...contentParts(inner, `${where} tool_result`));
  }
  const texts = parts.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  const images = parts.filter((part) => part.type === 'image_url');
  if (images.length > 0) texts.push(`[${images.length} image(s) from this tool result follow in the next user message]`);
  const text = texts.join('\n');
  return {
    message: { role: 'tool', tool_call_id: block.tool_use_id, content: block.is_error ? TOOL_ERROR_PREFIX + text : text },
    images,
  };
}

function assistantMessage(content: MessageParam['content'], where: string): ChatRequestMessage | undefined {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        texts.push(String(block.text));
        break;
      case 'tool_use': {
        const use = block as ToolUseBlockParam;
        toolCalls.push({ id: use.id, type: 'function', function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        // Signed for Anthropic only; another model can neither verify nor use them.
        break;
      default:
        throw untranslatable(`an assistant '${block.type}' block`, where);
    }
  }
  // A turn that held only thinking says nothing the upstream could read.
  if (texts.length === 0 && toolCalls.length === 0) return undefined;
  return { role: 'assistant', content: texts.length > 0 ? texts.join('\n') : null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
}

function contentParts(block: ContentBlockParam, where: string): ContentPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: String(block.text) }];
    case 'image':
      return [imagePart(block as ImageBlockParam, where)];
    case 'document':
      return documentParts(block as DocumentBlockParam, where);
    default:
      throw untranslatable(`a '${block.type}' content block`, where);
  }
}

function imagePart(block: ImageBlockParam, where: string): ContentPart {
  const source = block.source as Record<string, unknown>;
  if (source.type === 'base64') return { type: 'image_url', image_url: { url: `data:${String(source.media_type)};base64,${String(source.data)}` } };
  if (source.type === 'url') return { type: 'image_url', image_url: { url: String(source.url) } };
  throw untranslatable(`an image with a '${String(source.type)}' source`, where);
}

/** Plain-text documents become text (titled when they have a title); PDFs and files cannot. */
function documentParts(block: DocumentBlockParam, where: string): ContentPart[] {
  const source = block.source as Record<string, unknown>;
  const title = typeof block.title === 'string' && block.title !== '' ? `${block.title}\n` : '';
  if (source.type === 'text') return [{ type: 'text', text: title + String(source.data) }];
  if (source.type === 'content') {
    const inner = source.content as string | ContentBlockParam[];
    const parts = typeof inner === 'string' ? [{ type: 'text' as const, text: inner }] : inner.flatMap((b) => contentParts(b, where));
    return title === '' ? parts : [{ type: 'text', text: title.trimEnd() }, ...parts];
  }
  throw untranslatable(`a document with a '${String(source.type)}' source (PDF or file)`, where);
}

/**
 * Text-only content goes as one string: many OpenAI-compatible servers (older vLLM, Ollama, some
 * hosted APIs) accept only string content, and Claude Code splits one user turn into several blocks.
 */
function collapse(parts: ContentPart[]): string | ContentPart[] {
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => part.text).join('\n');
  return parts;
}

/** The text of a system prompt: a string, or text blocks joined as paragraphs. */
function textOf(content: string | ContentBlockParam[], where: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((block) => {
      if (block.type !== 'text') throw untranslatable(`a '${block.type}' block in a system prompt`, where);
      return String(block.text);
    })
    .join('\n\n');
}

function untranslatable(what: string, where: string): SynapseError {
  return new SynapseError('validation_failed', {
    detail: `${where} holds ${what}, which cannot be sent to this model: its upstream speaks the OpenAI chat API, which has no equivalent`,
  });
}
