// Whether a milestone mentions a question's topic word: the word's stem among the stems of the
// milestone's own text (its contribution and its branch's purpose), or the same stem with a
// derivational suffix the light stemmer leaves ("deploy" / "deployment", "approve" / "approval",
// "migrate" / "migration", "schedule" / "scheduler"); never a mere prefix ("back" / "backup",
// "engine" / "engineer").
import type { MilestoneRecord } from '../../../stores/ports/memory-store.js';
import { stemWord } from '../../cache/semantic/text/english-words.js';

const MIN_STEM = 4;
/**
 * What may follow a stem in a derived word, as the light stemmer leaves it (plural, -ed, -ing,
 * -ly and a final silent "e" removed: "preemptible" is "preemptibl").
 */
const SUFFIX = /^(?:ment|al|ation|ition|ion|ity|iv|er|or|anc|enc|abl|ibl|iz|is|ization|isation|ur|ness|ship|ic|ical|ist|ism)$/;

/**
 * The stems of a text's words (lowercased runs of letters and digits), and of each two
 * neighbouring words joined, so "roll back" also meets "rollback" and "log-in" "login".
 */
export function stemsOf(text: string): Set<string> {
  const words = wordsOf(text);
  const stems = new Set(words.map(stemWord));
  for (let i = 1; i < words.length; i++) stems.add(stemWord(words[i - 1]! + words[i]!));
  return stems;
}

/** The stems of a text's single words only. */
export function wordStemsOf(text: string): string[] {
  return wordsOf(text).map(stemWord);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** What a milestone is matched on: not cumulativeProgress, a running summary that repeats across a branch. */
export function milestoneStems(milestone: Pick<MilestoneRecord, 'thisContribution' | 'branchPurpose'>): Set<string> {
  return stemsOf(milestoneText(milestone));
}

export function milestoneText(milestone: Pick<MilestoneRecord, 'thisContribution' | 'branchPurpose'>): string {
  return `${milestone.thisContribution}\n${milestone.branchPurpose}`;
}

export function mentionsStem(stems: Set<string>, stem: string): boolean {
  if (stems.has(stem)) return true;
  for (const other of stems) if (derives(stem, other) || derives(other, stem)) return true;
  return false;
}

/** `word` is `stem` plus a derivational suffix. */
function derives(stem: string, word: string): boolean {
  return stem.length >= MIN_STEM && word.length > stem.length && word.startsWith(stem) && SUFFIX.test(word.slice(stem.length));
}
