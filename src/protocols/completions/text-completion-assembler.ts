// Rebuilds a whole `text_completion` from its streamed chunks, so that a streamed miss can be
// cached and later served to plain JSON requests as well.
import { ChoiceAssembler } from '../choice-assembler.js';
import type { CompletionChoice, CompletionLogprobs, CompletionUsage, TextCompletion, TextCompletionChunk } from './completions-types.js';

interface ChoiceState {
  text: string;
  logprobs: CompletionLogprobs | null;
  finishReason: string | null;
}

export class TextCompletionAssembler extends ChoiceAssembler<TextCompletionChunk, CompletionChoice, ChoiceState, CompletionUsage> {
  protected newState(): ChoiceState {
    return { text: '', logprobs: null, finishReason: null };
  }

  protected choicesOf(chunk: TextCompletionChunk): CompletionChoice[] | undefined {
    return chunk.choices;
  }

  protected merge(state: ChoiceState, choice: CompletionChoice): void {
    if (typeof choice.text === 'string') state.text += choice.text;
    if (choice.logprobs) state.logprobs = appendLogprobs(state.logprobs, choice.logprobs);
    if (choice.finish_reason) state.finishReason = choice.finish_reason;
  }

  toCompletion(): TextCompletion {
    const { id, created, model, ...rest } = this.envelope();
    const choices: CompletionChoice[] = this.states().map(([index, state]) => ({
      text: state.text,
      index,
      logprobs: state.logprobs,
      finish_reason: state.finishReason,
    }));
    return { id, object: 'text_completion', created, model, choices, ...rest };
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
