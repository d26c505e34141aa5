// What the QQP labels say about a hit: a lookup for question2 of one row that returned the entry
// of question1 of another (or the same) row. Labels link questions, and duplicates are
// transitive, so questions fall into clusters. A hit is right when both questions are the same
// text (up to case and punctuation) or in one cluster, wrong when a label says the two (or their
// clusters) are not duplicates, and unknown otherwise: no label links the two questions.
import type { QuestionPair } from './eval-data.js';

export type Verdict = 'right' | 'wrong' | 'unknown';

/** Case, spacing and punctuation removed: two questions equal under it have the same answer. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function createJudge(pairs: QuestionPair[]): (queryRow: number, entryRow: number) => Verdict {
  const parent = new Map<string, string>();
  const find = (text: string): string => {
    let root = text;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(text, root);
    return root;
  };
  for (const pair of pairs) {
    if (pair.duplicate) parent.set(find(squash(pair.question1)), find(squash(pair.question2)));
  }
  const different = new Set<string>();
  for (const pair of pairs) {
    if (pair.duplicate) continue;
    const [a, b] = [find(squash(pair.question1)), find(squash(pair.question2))];
    different.add(a + '\u0000' + b).add(b + '\u0000' + a);
  }
  return (queryRow, entryRow) => {
    const query = squash(pairs[queryRow]!.question2);
    const entry = squash(pairs[entryRow]!.question1);
    if (query === entry) return 'right';
    const [a, b] = [find(query), find(entry)];
    if (a === b) return 'right';
    return different.has(a + '\u0000' + b) ? 'wrong' : 'unknown';
  };
}
