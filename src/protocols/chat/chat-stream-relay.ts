// Relays an OpenAI chat-completions stream chunk by chunk while rebuilding the completion, so a
// streamed miss can be cached. Usage-only chunks reach the client only if it asked for them.
import { SynapseError } from '../../errors.js';
import { DONE_EVENT } from '../sse-frame.js';
import type { SseEvent, StreamRelay, UpstreamEvent } from '../stream-relay.js';
import type { ChatCompletion, ChatCompletionChunk } from './chat-types.js';
import { CompletionAssembler } from './completion-assembler.js';

export class ChatStreamRelay implements StreamRelay<ChatCompletion> {
  private readonly assembler = new CompletionAssembler();

  /** `clientWantsUsage`: the client set `stream_options.include_usage`. */
  constructor(private readonly clientWantsUsage: boolean) {}

  accept(event: UpstreamEvent): SseEvent[] {
    if (event.data === '[DONE]') return [];
    const chunk = parseChunk(event.data);
    if (chunk.error || event.event === 'error') {
      throw new SynapseError('upstream_failed', { detail: chunk.error?.message ?? 'error event in stream' });
    }
    this.assembler.add(chunk);
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
    if (usageOnly && !this.clientWantsUsage) return [];
    return [{ data: event.data }];
  }

  finish(): SseEvent[] {
    if (!this.assembler.isComplete()) {
      throw new SynapseError('upstream_failed', { detail: 'stream ended before the completion finished' });
    }
    return [DONE_EVENT];
  }

  answer(): ChatCompletion {
    return this.assembler.toCompletion();
  }

  errorEvent(error: { message: string; type: string; code: string }): SseEvent {
    return chatStreamError(error);
  }
}

/** The one event that ends a chat stream which failed after it started (openai clients raise on it). */
export function chatStreamError(error: { message: string; type: string; code: string }): SseEvent {
  return { event: 'error', data: { error: { message: error.message, type: error.type, code: error.code } } };
}

function parseChunk(data: string): ChatCompletionChunk & { error?: { message?: string } } {
  try {
    return JSON.parse(data) as ChatCompletionChunk & { error?: { message?: string } };
  } catch {
    throw new SynapseError('upstream_failed', { detail: 'malformed stream event' });
  }
}
