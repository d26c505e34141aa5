// Which legacy text completions are worth keeping in the response cache.
import type { TextCompletion } from './completions-types.js';

/** Only whole answers are kept: at least one choice, and every choice finished with some text. */
export function isCacheableCompletion(completion: TextCompletion): boolean {
  const choices = completion.choices;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  return choices.every(
    (choice) => typeof choice.finish_reason === 'string' && choice.finish_reason !== '' && typeof choice.text === 'string' && choice.text !== '',
  );
}
