// Relays an upstream SSE stream to the client event by event while rebuilding the completion.
// Resolves with the completion only when the stream finished normally; a stream that breaks
// off ends with one SSE error event and rejects, so it is never cached.
import type { Writable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { SynapseError } from '../../errors.js';
import type { UpstreamResponse } from '../../providers/upstream-provider.js';
import type { ChatCompletion, ChatCompletionChunk } from './chat-types.js';
import { CompletionAssembler } from './completion-assembler.js';
import { SSE_DONE, sseData, sseError } from './sse-format.js';

export interface PumpOptions {
  /** Forward usage-only chunks (the client set `stream_options.include_usage`). */
  clientWantsUsage: boolean;
  signal: AbortSignal;
}

export async function pumpCompletionStream(
  response: UpstreamResponse,
  out: Writable,
  options: PumpOptions,
): Promise<ChatCompletion> {
  const assembler = new CompletionAssembler();
  let upstreamError: SynapseError | undefined;
  const write = (text: string): void => {
    if (!out.destroyed && !out.writableEnded) out.write(text);
  };
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]' || upstreamError) return;
      let chunk: ChatCompletionChunk & { error?: { message?: string } };
      try {
        chunk = JSON.parse(event.data) as typeof chunk;
      } catch {
        upstreamError = new SynapseError('upstream_failed', { detail: 'malformed stream event' });
        return;
      }
      if (chunk.error || event.event === 'error') {
        upstreamError = new SynapseError('upstream_failed', {
          detail: chunk.error?.message ?? 'error event in stream',
        });
        return;
      }
      assembler.add(chunk);
      const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
      if (usageOnly && !options.clientWantsUsage) return;
      write(sseData(event.data));
    },
  });
  try {
    const decoder = new TextDecoder();
    for await (const bytes of response.body) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (upstreamError) throw upstreamError;
    }
    if (!assembler.isComplete()) {
      throw new SynapseError('upstream_failed', { detail: 'stream ended before the completion finished' });
    }
  } catch (error) {
    const failure = toStreamFailure(error, options.signal);
    write(sseError(failure));
    if (!out.destroyed) out.end();
    await response.discard();
    throw failure;
  }
  write(SSE_DONE);
  if (!out.destroyed) out.end();
  return assembler.toCompletion();
}

function toStreamFailure(error: unknown, signal: AbortSignal): SynapseError {
  if (error instanceof SynapseError) return error;
  if (signal.aborted) return new SynapseError('upstream_failed', { detail: 'cancelled' }, { cause: error });
  const name = (error as Error)?.name ?? '';
  if (name === 'BodyTimeoutError') return new SynapseError('upstream_stream_stalled', {}, { cause: error });
  return new SynapseError('upstream_failed', { detail: 'stream interrupted' }, { cause: error });
}
