// Relays a native Anthropic Messages stream to an Anthropic client unchanged, event by event, while
// rebuilding the message the way the official SDK accumulates it, so a finished stream can be cached.
import { SynapseError } from '../../errors.js';
import type { SseEvent, StreamRelay, UpstreamEvent } from '../stream-relay.js';
import { toAnthropicErrorBody } from './anthropic-error.js';
import type { AnthropicMessage, ContentBlock } from './messages-types.js';
import { parseToolInput } from './tool-input-json.js';

type Fields = Record<string, unknown>;

export class MessagesStreamRelay implements StreamRelay<AnthropicMessage> {
  private message: AnthropicMessage | undefined;
  /** partial_json received so far, by block index; parsed into `input` at content_block_stop. */
  private readonly inputJson = new Map<number, string>();
  private stopped = false;
  private finished = false;
  private unappliedDeltas = 0;

  accept(event: UpstreamEvent): SseEvent[] {
    const data = parseEventData(event.data);
    const type = typeof data.type === 'string' ? data.type : event.event;
    if (type === 'error' || event.event === 'error') {
      const error = data.error as Fields | undefined;
      const detail = typeof error?.message === 'string' ? error.message : 'error event in stream';
      // The upstream's type (overloaded_error, say) is what tells an Anthropic client to retry:
      // the client's error event keeps it (errorEvent maps types Anthropic does not define).
      throw new SynapseError('upstream_failed', { detail }, typeof error?.type === 'string' ? { type: error.type } : {});
    }
    this.apply(type, data);
    // The client gets the upstream's own text; data spread over several `data:` lines holds newlines
    // that would break single-line framing, so that (never seen from Anthropic) is re-serialized.
    const passed = /[\r\n]/.test(event.data) ? data : event.data;
    const name = event.event ?? type;
    return [name === undefined ? { data: passed } : { event: name, data: passed }];
  }

  finish(): SseEvent[] {
    if (!this.stopped || !this.message) {
      throw new SynapseError('upstream_failed', { detail: 'stream ended before the message finished' });
    }
    for (const index of [...this.inputJson.keys()]) this.closeBlock(index);
    this.finished = true;
    return [];
  }

  answer(): AnthropicMessage {
    if (!this.finished || !this.message) throw new SynapseError('internal');
    return this.message;
  }

  /**
   * False when the upstream sent a delta this relay could not apply (a delta type newer than this
   * code, or one that does not fit its block): the client got it, but answer() lacks it, so the
   * answer should not be cached or replayed.
   */
  get lossless(): boolean {
    return this.unappliedDeltas === 0;
  }

  errorEvent(error: { message: string; type: string; code: string }): SseEvent {
    return { event: 'error', data: toAnthropicErrorBody(error) };
  }

  private apply(type: string | undefined, data: Fields): void {
    switch (type) {
      case 'message_start': {
        const message = structuredClone(data.message) as AnthropicMessage | undefined;
        if (!message || typeof message !== 'object') throw malformed('message_start without a message');
        if (!Array.isArray(message.content)) message.content = [];
        message.usage ??= { input_tokens: 0, output_tokens: 0 };
        this.message = message;
        return;
      }
      case 'content_block_start':
        this.current().content[indexOf(data)] = structuredClone(data.content_block) as ContentBlock;
        return;
      case 'content_block_delta':
        this.applyDelta(this.current().content[indexOf(data)] as Fields | undefined, indexOf(data), data.delta as Fields);
        return;
      case 'content_block_stop':
        this.current();
        this.closeBlock(indexOf(data));
        return;
      case 'message_delta':
        this.applyMessageDelta(data);
        return;
      case 'message_stop':
        this.current();
        this.stopped = true;
        return;
      default:
        // ping, and event types newer than this code: relayed, nothing to rebuild.
        return;
    }
  }

  private applyDelta(block: Fields | undefined, index: number, delta: Fields | undefined): void {
    const applied = block !== undefined && delta !== undefined && applyBlockDelta(block, delta, this.inputJson, index);
    if (!applied) this.unappliedDeltas += 1;
  }

  private applyMessageDelta(data: Fields): void {
    const message = this.current() as Fields & AnthropicMessage;
    // A delta never takes back what is known: a null does not overwrite a value (the SDK keeps
    // `container` the same way), and usage counts absent or null leave the earlier ones.
    for (const [key, value] of Object.entries((data.delta as Fields | undefined) ?? {})) {
      if (value === undefined || (value === null && message[key] != null)) continue;
      message[key] = value;
    }
    for (const [key, value] of Object.entries((data.usage as Fields | undefined) ?? {})) {
      if (value != null) message.usage[key] = value;
    }
  }

  private closeBlock(index: number): void {
    const json = this.inputJson.get(index);
    if (json === undefined) return;
    this.inputJson.delete(index);
    const block = this.message?.content[index];
    if (block) block.input = parseToolInput(json);
  }

  private current(): AnthropicMessage {
    if (!this.message) throw malformed('content before message_start');
    return this.message;
  }
}

/** Applies one delta to its block; false when the delta type is unknown or does not fit the block. */
function applyBlockDelta(block: Fields, delta: Fields, inputJson: Map<number, string>, index: number): boolean {
  switch (delta.type) {
    case 'text_delta':
      return block.type === 'text' && append(block, 'text', delta.text);
    case 'thinking_delta':
      return block.type === 'thinking' && append(block, 'thinking', delta.thinking);
    case 'signature_delta':
      if (block.type !== 'thinking' || typeof delta.signature !== 'string') return false;
      block.signature = delta.signature;
      return true;
    case 'citations_delta':
      if (block.type !== 'text' || delta.citation === undefined) return false;
      block.citations = [...(Array.isArray(block.citations) ? block.citations : []), delta.citation];
      return true;
    case 'input_json_delta':
      // Any block that starts with an `input` streams it this way (tool_use, server_tool_use, and
      // newer kinds such as mcp_tool_use).
      if (!('input' in block) || typeof delta.partial_json !== 'string') return false;
      inputJson.set(index, (inputJson.get(index) ?? '') + delta.partial_json);
      return true;
    default:
      return false;
  }
}

function append(block: Fields, field: string, piece: unknown): boolean {
  if (typeof piece !== 'string') return false;
  block[field] = (typeof block[field] === 'string' ? block[field] : '') + piece;
  return true;
}

function parseEventData(text: string): Fields {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw malformed('malformed stream event');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw malformed('malformed stream event');
  return data as Fields;
}

function indexOf(data: Fields): number {
  if (!Number.isInteger(data.index) || (data.index as number) < 0) throw malformed(`${String(data.type)} without a valid index`);
  return data.index as number;
}

function malformed(detail: string): SynapseError {
  return new SynapseError('upstream_failed', { detail });
}
