// Rebuilds a whole `text_completion` from its streamed chunks, so that a streamed miss can be
// cached and later served to plain JSON requests as well.
import type { CompletionChoice, CompletionLogprobs, CompletionUsage, TextCompletion, TextCompletionChunk } from './completions-types.js';

interface ChoiceState {
  text: string;
  logprobs: CompletionLogprobs | null;
  finishReason: string | null;
}

export class TextCompletionAssembler {
  private id = '';
  private created = 0;
  private model = '';
  private systemFingerprint: string | null | undefined;
  private usage: CompletionUsage | undefined;
  private readonly choices = new Map<number, ChoiceState>();

  add(chunk: TextCompletionChunk): void {
    this.id ||= chunk.id;
    this.created ||= chunk.created;
    this.model ||= chunk.model;
    if (chunk.system_fingerprint !== undefined) this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      const state = this.stateFor(choice.index ?? 0);
      if (typeof choice.text === 'string') state.text += choice.text;
      if (choice.logprobs) state.logprobs = appendLogprobs(state.logprobs, choice.logprobs);
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
    }
  }

  /** True when at least one choice arrived and every choice has a finish reason. */
  isComplete(): boolean {
    if (this.choices.size === 0) return false;
    for (const state of this.choices.values()) if (!state.finishReason) return false;
    return true;
  }

  toCompletion(): TextCompletion {
    const choices: CompletionChoice[] = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, state]) => ({ text: state.text, index, logprobs: state.logprobs, finish_reason: state.finishReason }));
    return {
      id: this.id,
      object: 'text_completion',
      created: this.created,
      model: this.model,
      choices,
      ...(this.usage ? { usage: this.usage } : {}),
      ...(this.systemFingerprint !== undefined ? { system_fingerprint: this.systemFingerprint } : {}),
    };
  }

  private stateFor(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { text: '', logprobs: null, finishReason: null };
      this.choices.set(index, state);
    }
    return state;
  }
}

/** Each chunk's logprobs cover its own tokens: the arrays are concatenated in order. */
function appendLogprobs(sofar: CompletionLogprobs | null, next: CompletionLogprobs): CompletionLogprobs {
  if (!sofar) return structuredClone(next);
  const merged: CompletionLogprobs = { ...sofar };
  for (const [field, value] of Object.entries(next)) {
    const earlier = merged[field];
    merged[field] = Array.isArray(earlier) && Array.isArray(value) ? [...earlier, ...value] : value;
  }
  return merged;
}
