// Conversation part of the cache evaluation. Each conversation [u0, answer to u0, u1] is cached
// through the real request description (partition of the non-user turns + earlier user turns).
// A follow-up must never be served from another conversation: neither under the other
// conversation's turns, nor under this conversation's assistant turn with another first question,
// nor in conversations without assistant turns (where only the earlier user turn tells them apart).
// The same conversation reworded should hit.
import type { VectorSpace } from '../src/domain/cache/semantic/vectors/vector-space.js';
import type { EquivalenceVerifier } from '../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticMatcher } from '../src/domain/cache/semantic/semantic-matcher.js';
import { describeSemantically } from '../src/domain/cache/semantic/semantic-request.js';
import type { Conversation } from './eval-data.js';

interface Query {
  messages: { role: string; content: string }[];
  /** The entry that should be hit; any other hit is wrong unless its conversation has the same words. */
  expected?: string;
}

/** Case, spacing and punctuation removed. */
const squash = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
/** What a first question is about: "Tell me about the Industrial Revolution." -> "industrial revolution". */
const FILLER = new Set('what is was are were tell me about explain describe can you could please the a an'.split(' '));
const topicOf = (text: string): string =>
  squash(text)
    .split(' ')
    .filter((word) => !FILLER.has(word))
    .join(' ');
/**
 * A conversation by its meaning, for telling right hits from wrong ones: the topic of the first
 * question and the follow-up's words. The data repeats some conversations with the first question
 * reworded ("What is the history of the Internet?" / "Tell me about the history of the Internet.").
 */
const wordsOf = (messages: Query['messages']): string => {
  const turns = messages.filter((m) => m.role === 'user').map((m) => m.content);
  return topicOf(turns[0]!) + '\u0000' + squash(turns[turns.length - 1]!);
};

interface Scenario {
  name: string;
  queries: Query[];
}

/** A hit counted as wrong: the query's user turns and the served entry's, for a reader to judge. */
export interface WrongHit {
  threshold: number;
  query: string;
  entry: string;
}

export interface ConversationRow {
  threshold: number;
  /** Per scenario: hits that were right, hits that were wrong, queries. */
  results: Map<string, { right: number; wrong: number; total: number }>;
  wrongHits: WrongHit[];
}

const user = (content: string) => ({ role: 'user', content });
const assistant = (content: string) => ({ role: 'assistant', content });

function scenarios(conversations: Conversation[]): Scenario[] {
  const same: Query[] = [];
  const followUp: Query[] = [];
  const noAssistant: Query[] = [];
  const crossOwnTurns: Query[] = [];
  const crossSharedAnswer: Query[] = [];
  const crossNoAssistant: Query[] = [];
  conversations.forEach((c, i) => {
    same.push({ messages: [user(c.u0_duplicate), assistant(c.system_q0), user(c.u1_duplicate)], expected: `a${i}` });
    followUp.push({ messages: [user(c.u0), assistant(c.system_q0), user(c.u1_duplicate)], expected: `a${i}` });
    noAssistant.push({ messages: [user(c.u0_duplicate), user(c.u1_duplicate)], expected: `u${i}` });
    conversations.forEach((other, j) => {
      // Only another conversation: not one that opens with the same question, reworded or not.
      if (i === j || topicOf(other.u0) === topicOf(c.u0)) return;
      for (const followUpText of [c.u1, c.u1_duplicate]) {
        crossOwnTurns.push({ messages: [user(other.u0), assistant(other.system_q0), user(followUpText)] });
        crossSharedAnswer.push({ messages: [user(other.u0), assistant(c.system_q0), user(followUpText)] });
        crossNoAssistant.push({ messages: [user(other.u0), user(followUpText)] });
      }
    });
  });
  return [
    { name: 'same conversation reworded (u0_dup, a0, u1_dup)', queries: same },
    { name: 'same conversation, follow-up reworded (u0, a0, u1_dup)', queries: followUp },
    { name: 'same conversation without assistant turn (u0_dup, u1_dup)', queries: noAssistant },
    { name: "CROSS: other conversation's turns (u0_B, a0_B, u1_A)", queries: crossOwnTurns },
    { name: 'CROSS: other first question, same answer (u0_B, a0_A, u1_A)', queries: crossSharedAnswer },
    { name: 'CROSS: other first question, no assistant turn (u0_B, u1_A)', queries: crossNoAssistant },
  ];
}

export async function evaluateConversations(
  embedder: VectorSpace<unknown>,
  verify: EquivalenceVerifier,
  conversations: Conversation[],
  thresholds: number[],
): Promise<ConversationRow[]> {
  const matcher = new SemanticMatcher(embedder, verify);
  const entryWords = new Map<string, string>();
  const entryTurns = new Map<string, string>();
  for (const [i, c] of conversations.entries()) {
    await add(matcher, embedder, `a${i}`, [user(c.u0), assistant(c.system_q0), user(c.u1)]);
    await add(matcher, embedder, `u${i}`, [user(c.u0), user(c.u1)]);
    entryWords.set(`a${i}`, wordsOf([user(c.u0), user(c.u1)]));
    entryWords.set(`u${i}`, wordsOf([user(c.u0), user(c.u1)]));
    entryTurns.set(`a${i}`, `${c.u0} | ${c.u1}`).set(`u${i}`, `${c.u0} | ${c.u1}`);
  }
  const rows: ConversationRow[] = [];
  const allScenarios = scenarios(conversations);
  for (const threshold of thresholds) {
    const results = new Map<string, { right: number; wrong: number; total: number }>();
    const wrongHits: WrongHit[] = [];
    for (const scenario of allScenarios) {
      const result = { right: 0, wrong: 0, total: scenario.queries.length };
      // Hits only get fewer as the threshold rises: a scenario with none stays at none.
      const previous = rows[rows.length - 1]?.results.get(scenario.name);
      if (!previous || previous.right + previous.wrong > 0) {
        for (const query of scenario.queries) {
          const id = await lookup(matcher, embedder, query.messages, threshold);
          if (id === undefined) continue;
          if (id === query.expected || entryWords.get(id) === wordsOf(query.messages)) result.right++;
          else {
            result.wrong++;
            const turns = query.messages.filter((m) => m.role === 'user').map((m) => m.content);
            wrongHits.push({ threshold, query: turns.join(' | '), entry: entryTurns.get(id)! });
          }
        }
      }
      results.set(scenario.name, result);
    }
    rows.push({ threshold, results, wrongHits });
  }
  return rows;
}

async function add(matcher: SemanticMatcher<unknown>, embedder: VectorSpace<unknown>, id: string, messages: Query['messages']): Promise<void> {
  const key = describeSemantically('eval', embedder.id, { model: 'eval-model', messages })!;
  const [vector] = await embedder.embed([key.text]);
  matcher.add({ id, partition: key.partition, text: key.text, vector: vector!, context: key.context });
}

async function lookup(matcher: SemanticMatcher<unknown>, embedder: VectorSpace<unknown>, messages: Query['messages'], threshold: number): Promise<string | undefined> {
  const key = describeSemantically('eval', embedder.id, { model: 'eval-model', messages })!;
  const [vector] = await embedder.embed([key.text]);
  const outcome = await matcher.findMatch(key.partition, key.text, vector!, threshold, key.context);
  return outcome.match?.id;
}

export function printConversationTable(rows: ConversationRow[]): void {
  const names = [...rows[0]!.results.keys()];
  console.log(`Conversations: ${rows[0]!.results.get(names[0]!)!.total} conversations. Cells: right hits / wrong hits (of queries).\n`);
  console.log(`| threshold | ${names.join(' | ')} |`);
  console.log(`|---:|${names.map(() => '---:').join('|')}|`);
  for (const row of rows) {
    const cells = names.map((name) => {
      const r = row.results.get(name)!;
      return `${r.right} / ${r.wrong} (of ${r.total})`;
    });
    console.log(`| ${row.threshold.toFixed(2)} | ${cells.join(' | ')} |`);
  }
  // The distinct wrong hits, each at the highest threshold it survived, for a reader to judge.
  const highest = new Map<string, WrongHit>();
  for (const row of rows) for (const hit of row.wrongHits) highest.set(`${hit.query}\u0000${hit.entry}`, hit);
  const listed = [...highest.values()].filter((hit) => hit.threshold >= 0.8).sort((a, b) => b.threshold - a.threshold);
  if (listed.length > 0) {
    console.log('\nHits counted as wrong, at similarity >= 0.80 (query turns -> served entry turns, highest threshold):');
    for (const hit of listed) console.log(`- ${hit.threshold.toFixed(2)}: "${hit.query}" -> "${hit.entry}"`);
  }
  console.log('');
}
