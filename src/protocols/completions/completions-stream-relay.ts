// Relays a legacy text completions stream to the client chunk by chunk while rebuilding the
// completion. The client gets `[DONE]` only from finish(), once every choice has finished, so a
// stream that breaks off never looks complete.
import { SynapseError } from '../../errors.js';
import { DONE_EVENT } from '../sse-frame.js';
import type { SseEvent, StreamRelay, UpstreamEvent } from '../stream-relay.js';
import type { TextCompletion, TextCompletionChunk } from './completions-types.js';
import { TextCompletionAssembler } from './text-completion-assembler.js';

export interface CompletionsRelayOptions {
  /**
   * The client set `stream_options.include_usage`. When it did not, the usage-only chunk (which
   * the gateway may ask the upstream for to account tokens) is kept from it.
   */
  clientWantsUsage: boolean;
}


export class CompletionsStreamRelay implements StreamRelay<TextCompletion> {
  private readonly assembler = new TextCompletionAssembler();
  private finished = false;

  constructor(private readonly options: CompletionsRelayOptions) {}

  accept(upstream: UpstreamEvent): SseEvent[] {
    if (upstream.data.trim() === '[DONE]') return [];
    const chunk = parseChunk(upstream.data);
    if (chunk.error || upstream.event === 'error') {
      const message = chunk.error?.message;
      const detail = typeof message === 'string' && message !== '' ? message : 'error event in stream';
      throw new SynapseError('upstream_failed', { detail });
    }
    this.assembler.add(chunk);
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
    if (usageOnly && !this.options.clientWantsUsage) return [];
    return [{ data: upstream.data }];
  }

  finish(): SseEvent[] {
    if (!this.assembler.isComplete()) {
      throw new SynapseError('upstream_failed', { detail: 'stream ended before the completion finished' });
    }
    this.finished = true;
    return [DONE_EVENT];
  }

  answer(): TextCompletion {
    if (!this.finished) throw new Error('CompletionsStreamRelay.answer() called before finish()');
    return this.assembler.toCompletion();
  }

  /** As for chat streams: a named `error` event with an `error` body, which openai clients raise. */
  errorEvent(error: { message: string; type: string; code: string }): SseEvent {
    return { event: 'error', data: { error: { message: error.message, type: error.type, code: error.code } } };
  }
}

type UpstreamChunk = TextCompletionChunk & { error?: { message?: unknown } };

function parseChunk(data: string): UpstreamChunk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new SynapseError('upstream_failed', { detail: 'malformed stream event' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SynapseError('upstream_failed', { detail: 'malformed stream event' });
  }
  return parsed as UpstreamChunk;
}
