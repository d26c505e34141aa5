// Relays an OpenAI chat completion stream to an Anthropic Messages client: chunks become the
// Anthropic event sequence live, and the answer is what toAnthropicMessage makes of the whole completion.
import { randomUUID } from 'node:crypto';
import { SynapseError } from '../../../errors.js';
import type { ChatCompletionChunk, ToolCall } from '../../chat/chat-types.js';
import { CompletionAssembler } from '../../chat/completion-assembler.js';
import type { SseEvent, StreamRelay, UpstreamEvent } from '../../stream-relay.js';
import { toAnthropicErrorBody } from '../anthropic-error.js';
import type { AnthropicMessage, ContentBlock, ContentBlockDelta, MessagesStreamEvent } from '../messages-types.js';
import { buildAnthropicMessage, messageIdFor, toolUseIdFor } from './to-anthropic-message.js';

type OpenBlock = { index: number; kind: 'text' | 'tool_use' };

/**
 * One Anthropic block is open at a time, as in the API: text opens a text block, each new tool
 * call (by its chat `index`) closes what is open and starts a tool_use block. Usage comes in a
 * chunk after the finish reason, so message_delta and message_stop go out in finish().
 */
export class ChatToMessagesRelay implements StreamRelay<AnthropicMessage> {
  private readonly assembler = new CompletionAssembler();
  private messageId: string | undefined;
  private open: OpenBlock | undefined;
  private nextIndex = 0;
  /** Anthropic block index of each chat tool call, by the call's chat index. */
  private readonly toolBlocks = new Map<number, number>();
  private message: AnthropicMessage | undefined;

  constructor(private readonly requestModel: string) {}

  accept(event: UpstreamEvent): SseEvent[] {
    if (event.data === '[DONE]') return [];
    const chunk = parseChunk(event);
    const out: SseEvent[] = [];
    if (this.messageId === undefined) {
      // Ids come from the first chunk, so a stream and the same answer as JSON get the same ids.
      this.messageId = chunk.id ? messageIdFor({ id: chunk.id, choices: [] }) : `msg_${randomUUID().replaceAll('-', '')}`;
      out.push(anthropicEvent({ type: 'message_start', message: this.startingMessage() }));
    }
    this.assembler.add(chunk);
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      const text = (typeof delta.content === 'string' ? delta.content : '') + (typeof delta.refusal === 'string' ? delta.refusal : '');
      if (text !== '') out.push(...this.appendText(text));
      for (const call of delta.tool_calls ?? []) out.push(...this.appendToolCall(call));
    }
    return out;
  }

  finish(): SseEvent[] {
    if (this.messageId === undefined || !this.assembler.isComplete()) {
      throw new SynapseError('upstream_failed', { detail: 'stream ended before the completion finished' });
    }
    const message = buildAnthropicMessage(this.assembler.toCompletion(), this.requestModel, this.messageId);
    this.message = message;
    return [
      ...this.closeOpenBlock(),
      anthropicEvent({
        type: 'message_delta',
        delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
        // Input counts are known only now; the SDK takes cumulative counts from message_delta.
        usage: { ...message.usage },
      }),
      anthropicEvent({ type: 'message_stop' }),
    ];
  }

  answer(): AnthropicMessage {
    if (!this.message) throw new SynapseError('internal');
    return this.message;
  }

  errorEvent(error: { message: string; type: string; code: string }): SseEvent {
    return { event: 'error', data: toAnthropicErrorBody(error) };
  }

  private startingMessage(): AnthropicMessage {
    return {
      id: this.messageId!,
      type: 'message',
      role: 'assistant',
      model: this.requestModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
    };
  }

  private appendText(text: string): SseEvent[] {
    const out = this.open?.kind === 'text' ? [] : this.startBlock('text', { type: 'text', text: '' });
    out.push(blockDelta(this.open!.index, { type: 'text_delta', text }));
    return out;
  }

  private appendToolCall(call: ToolCall): SseEvent[] {
    // Without an index each delta is a new call, as CompletionAssembler reads it.
    const key = call.index ?? this.toolBlocks.size;
    let index = this.toolBlocks.get(key);
    const out: SseEvent[] = [];
    if (index === undefined) {
      const position = this.toolBlocks.size;
      const id = toolUseIdFor(call, this.messageId!, position);
      out.push(...this.startBlock('tool_use', { type: 'tool_use', id, name: call.function?.name ?? '', input: {} }));
      index = this.open!.index;
      this.toolBlocks.set(key, index);
    } else if (this.open?.index !== index) {
      // Its block is closed already; Anthropic streams cannot reopen one.
      throw new SynapseError('upstream_failed', { detail: 'tool call arguments arrived after the next block began' });
    }
    const args = call.function?.arguments;
    if (args) out.push(blockDelta(index, { type: 'input_json_delta', partial_json: args }));
    return out;
  }

  private startBlock(kind: OpenBlock['kind'], block: ContentBlock): SseEvent[] {
    const out = this.closeOpenBlock();
    this.open = { index: this.nextIndex++, kind };
    out.push(anthropicEvent({ type: 'content_block_start', index: this.open.index, content_block: block }));
    return out;
  }

  private closeOpenBlock(): SseEvent[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = undefined;
    return [anthropicEvent({ type: 'content_block_stop', index })];
  }
}

function parseChunk(event: UpstreamEvent): ChatCompletionChunk {
  let chunk: ChatCompletionChunk & { error?: { message?: string } };
  try {
    chunk = JSON.parse(event.data) as typeof chunk;
  } catch {
    throw new SynapseError('upstream_failed', { detail: 'malformed stream event' });
  }
  if (chunk === null || typeof chunk !== 'object') throw new SynapseError('upstream_failed', { detail: 'malformed stream event' });
  if (chunk.error || event.event === 'error') {
    throw new SynapseError('upstream_failed', { detail: chunk.error?.message ?? 'error event in stream' });
  }
  return chunk;
}

function blockDelta(index: number, delta: ContentBlockDelta): SseEvent {
  return anthropicEvent({ type: 'content_block_delta', index, delta });
}

function anthropicEvent(data: MessagesStreamEvent): SseEvent {
  return { event: data.type, data };
}
