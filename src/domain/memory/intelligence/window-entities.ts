// Names a question can use for part of the memory: projects (id or name), agents (id; its words
// other than "agent" or "bot" next to one of those words, "the billing agent" for agent-billing;
// or its first word, capitalised inside a sentence and no other agent's, "Claude" for
// claude-code), contributors (id, display name, or a capitalised first name no other contributor
// shares) and branches (with the word "branch" next to them, or a name of several words such as
// "fix-uploads": a one-word branch like "main" is too common a word to mean the branch on its
// own). A mention narrows the question to that part, and its words are no longer topic words.
import type { ContributorRecord } from '../../../stores/ports/contributor-store.js';
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

/** Words that say a name is an agent's ("the billing agent", "deploy bot"). */
const AGENT_WORDS = new Set(['agent', 'agents', 'bot', 'bots', 'assistant']);

/** Where a partial name must stand to count: next to a word, or written with a capital. */
type Condition = (words: QuestionWord[], at: number, length: number) => boolean;

const nextTo = (wanted: Set<string>): Condition => (words, at, length) =>
  wanted.has(words[at - 1]?.word ?? '') || wanted.has(words[at + length]?.word ?? '');
/** Any capital for a person's first name ("Dana's work?"), one inside a sentence for an agent's first word. */
const withCapital: Condition = (words, at) => words[at]!.upper;
const capitalisedInside: Condition = (words, at) => words[at]!.capitalised;

interface Name {
  words: string[];
  /** Full names count anywhere; partial ones only where this holds. */
  condition?: Condition;
  /** For `who`, when it names an agent or a contributor. */
  who?: string;
  apply(mentions: Mentions): void;
}

export function findMentions(words: QuestionWord[], entities: WindowEntities): Mentions {
  const mentions: Mentions = { who: [], used: new Set() };
  const plain = words.map((w) => w.word);
  const names = namesOf(entities).sort((a, b) => b.words.length - a.words.length || Number(!!a.condition) - Number(!!b.condition));
  for (const name of names) {
    const at = findFree(plain, name.words, mentions.used, (start) => !name.condition || name.condition(words, start, name.words.length));
    if (at < 0) continue;
    for (let i = at; i < at + name.words.length; i++) mentions.used.add(i);
    name.apply(mentions);
    if (name.who !== undefined && !mentions.who.includes(name.who)) mentions.who.push(name.who);
  }
  return mentions;
}

function namesOf(entities: WindowEntities): Name[] {
  const add = (list: string[] | undefined, ...values: string[]) => [...new Set([...(list ?? []), ...values])];
  const names: Name[] = [];
  const push = (text: string | string[], who: string | undefined, apply: Name['apply'], condition?: Condition) => {
    const words = typeof text === 'string' ? wordsOf(text) : text;
    if (!words.some((w) => /\p{L}/u.test(w) && w.length > 1)) return;
    names.push({ words, ...(condition ? { condition } : {}), ...(who ? { who } : {}), apply });
  };
  for (const p of entities.projects) {
    const apply = (m: Mentions) => (m.projectIds = add(m.projectIds, p.projectId));
    push(p.projectId, undefined, apply);
    push(p.name, undefined, apply);
  }
  for (const b of entities.branches) {
    const apply = (m: Mentions) => (m.branchNames = add(m.branchNames, b.branchName));
    push(b.branchName, undefined, apply, wordsOf(b.branchName).length < 2 ? nextTo(new Set(['branch'])) : undefined);
  }
  const firstWords = countFirstWords(entities.agentIds);
  for (const agentId of entities.agentIds) {
    const apply = (m: Mentions) => (m.agentIds = add(m.agentIds, agentId));
    const words = wordsOf(agentId);
    push(words, agentId, apply);
    const core = words.filter((w) => !AGENT_WORDS.has(w));
    if (core.length > 0 && core.length < words.length) push(core, agentId, apply, nextTo(AGENT_WORDS));
    const first = words[0];
    if (first && words.length > 1 && !AGENT_WORDS.has(first) && /^\p{L}{3,}$/u.test(first) && firstWords.get(first) === 1) {
      push([first], agentId, apply, capitalisedInside);
    }
  }
  const firstNames = countFirstWords(entities.contributors.map((c) => c.displayName));
  for (const c of entities.contributors) {
    const apply = (m: Mentions) => (m.agentIds = add(m.agentIds, ...c.agentIds));
    push(c.contributorId, c.displayName, apply);
    push(c.displayName, c.displayName, apply);
    const first = wordsOf(c.displayName)[0];
    if (first && first.length >= 3 && firstNames.get(first) === 1) push([first], c.displayName, apply, withCapital);
  }
  return names;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function countFirstWords(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const first = wordsOf(text)[0];
    if (first) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return counts;
}

/** The first position where `name` appears in `words`, overlapping no used word and where `fits`, or -1. */
function findFree(words: string[], name: string[], used: Set<number>, fits: (at: number) => boolean): number {
  outer: for (let at = 0; at + name.length <= words.length; at++) {
    for (let k = 0; k < name.length; k++) {
      if (words[at + k] !== name[k] || used.has(at + k)) continue outer;
    }
    if (fits(at)) return at;
  }
  return -1;
}
