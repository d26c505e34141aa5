// Turns a cached `text_completion` back into the chunks an OpenAI stream would have carried:
// each choice's text in several pieces, its finish reason, the usage, and `[DONE]`.
import { splitContent } from '../chat/completion-replay.js';
import type { SseEvent } from '../stream-relay.js';
import type { CompletionChoice, TextCompletion, TextCompletionChunk } from './completions-types.js';
import { DONE_EVENT } from '../sse-frame.js';

export interface CompletionReplayOptions {
  /** The client asked for `stream_options.include_usage`: usage comes in its own final chunk. */
  includeUsage: boolean;
}

export function replayCompletionChunks(completion: TextCompletion, options: CompletionReplayOptions): SseEvent[] {
  const base = {
    id: completion.id,
    object: 'text_completion' as const,
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint !== undefined ? { system_fingerprint: completion.system_fingerprint } : {}),
  };
  const chunk = (choices: CompletionChoice[]): TextCompletionChunk => ({ ...base, choices });
  const chunks: TextCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { index } = choice;
    // Logprobs cannot be cut at word boundaries: the first chunk of the choice carries them whole.
    let logprobs = choice.logprobs ?? null;
    for (const text of splitContent(choice.text ?? '')) {
      chunks.push(chunk([{ text, index, logprobs, finish_reason: null }]));
      logprobs = null;
    }
    chunks.push(chunk([{ text: '', index, logprobs, finish_reason: choice.finish_reason ?? 'stop' }]));
  }
  if (completion.usage) {
    if (options.includeUsage || chunks.length === 0) chunks.push({ ...chunk([]), usage: completion.usage });
    else chunks[chunks.length - 1]!.usage = completion.usage;
  }
  return [...chunks.map((data): SseEvent => ({ data })), DONE_EVENT];
}
