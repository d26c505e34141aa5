// Names a question can use for part of the memory: projects (id or name), agents (id),
// contributors (id, display name, or a first name no other contributor shares) and branches
// (with the word "branch" next to them, or a name of several words such as "fix-uploads": a
// one-word branch like "main" is too common a word to mean the branch on its own). A mention
// narrows the question to that part, and its words are no longer topic words.
import type { ContributorRecord } from '../../../stores/contributor-store.js';
import type { QuestionWord } from './question-words.js';

export interface WindowEntities {
  projects: Array<{ projectId: string; name: string }>;
  branches: Array<{ projectId: string; branchName: string }>;
  agentIds: string[];
  contributors: ContributorRecord[];
}

export interface Mentions {
  projectIds?: string[];
  branchNames?: string[];
  agentIds?: string[];
  /** The agents and contributors named, as written in the memory ("search-agent", "Dana Okafor"). */
  who: string[];
  /** Positions of the question words that name something. */
  used: Set<number>;
}

interface Name {
  words: string[];
  needsBranchWord: boolean;
  /** A first name alone counts only when written with a capital ("Dana", not "max retries"). */
  needsCapital: boolean;
  /** For `who`, when it names an agent or a contributor. */
  who?: string;
  apply(mentions: Mentions): void;
}

export function findMentions(words: QuestionWord[], entities: WindowEntities): Mentions {
  const mentions: Mentions = { who: [], used: new Set() };
  const plain = words.map((w) => w.word);
  const names = namesOf(entities).sort((a, b) => b.words.length - a.words.length);
  for (const name of names) {
    const at = findFree(plain, name.words, mentions.used);
    if (at < 0) continue;
    if (name.needsBranchWord && plain[at - 1] !== 'branch' && plain[at + name.words.length] !== 'branch') continue;
    if (name.needsCapital && !words[at]!.upper) continue;
    for (let i = at; i < at + name.words.length; i++) mentions.used.add(i);
    name.apply(mentions);
    if (name.who !== undefined && !mentions.who.includes(name.who)) mentions.who.push(name.who);
  }
  return mentions;
}

function namesOf(entities: WindowEntities): Name[] {
  const add = (list: string[] | undefined, ...values: string[]) => [...new Set([...(list ?? []), ...values])];
  const names: Name[] = [];
  const push = (text: string, who: string | undefined, apply: Name['apply'], needs: { branchWord?: boolean; capital?: boolean } = {}) => {
    const words = wordsOf(text);
    if (!words.some((w) => /\p{L}/u.test(w) && w.length > 1)) return;
    names.push({ words, needsBranchWord: needs.branchWord ?? false, needsCapital: needs.capital ?? false, ...(who ? { who } : {}), apply });
  };
  for (const p of entities.projects) {
    const apply = (m: Mentions) => (m.projectIds = add(m.projectIds, p.projectId));
    push(p.projectId, undefined, apply);
    push(p.name, undefined, apply);
  }
  for (const b of entities.branches) {
    const apply = (m: Mentions) => (m.branchNames = add(m.branchNames, b.branchName));
    push(b.branchName, undefined, apply, { branchWord: wordsOf(b.branchName).length < 2 });
  }
  for (const agentId of entities.agentIds) push(agentId, agentId, (m) => (m.agentIds = add(m.agentIds, agentId)));
  const firstNames = new Map<string, number>();
  for (const c of entities.contributors) {
    const first = wordsOf(c.displayName)[0];
    if (first) firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  for (const c of entities.contributors) {
    const apply = (m: Mentions) => (m.agentIds = add(m.agentIds, ...c.agentIds));
    push(c.contributorId, c.displayName, apply);
    push(c.displayName, c.displayName, apply);
    const first = wordsOf(c.displayName)[0];
    if (first && first.length >= 3 && firstNames.get(first) === 1) push(first, c.displayName, apply, { capital: true });
  }
  return names;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The first position where `name` appears in `words` without overlapping a used word, or -1. */
function findFree(words: string[], name: string[], used: Set<number>): number {
  outer: for (let at = 0; at + name.length <= words.length; at++) {
    for (let k = 0; k < name.length; k++) {
      if (words[at + k] !== name[k] || used.has(at + k)) continue outer;
    }
    return at;
  }
  return -1;
}
