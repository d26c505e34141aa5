// Offline tuning harness for memory search on the LoCoMo dev data: a copy of the gateway's ranking
// (in-memory FTS5, the built-in embedder, score fusion) with each knob a parameter, so a variant
// takes seconds instead of a gateway run. It reproduces eval:memory within about a point; the
// figures in docs/memory-quality.md under "what did not help" come from it, all others from
// eval:memory. Each argument is a JSON object of parameters overriding BASE (the recipe before
// issue 18), e.g.
//   npx tsx bench/tune-memory-search.ts '{}' '{"agentBoost":0.25,"cols":[1,1,1,0.5],"nextCtx":2,"nextInContext":true}'
// prints recall@5, recall@10 and MRR on the tuning conversations (TUNE, default
// conv-26,conv-30,conv-41), on the others, and on all. DEBUG=<conversation> lists questions whose
// gold turns all miss the top 10.
import Database from 'better-sqlite3';
import { BuiltinEmbedder } from '../src/providers/embeddings/builtin/builtin-embedder.js';
import { sparseDot, sparseFromSlots, type SparseVector } from '../src/domain/cache/semantic/vectors/sparse-vector.js';
import { toFtsTerms } from '../src/stores/sqlite/fts-query.js';
import { averageScores, scoreRanking, type RetrievalScores } from './retrieval-metrics.js';
import { loadLocomo, memoryDataFile, type LocomoConversation } from './locomo-data.js';

export interface Params {
  /** bm25() weights of purpose, progress, contribution and context. */
  cols: [number, number, number, number];
  /** Previous milestones in the context. */
  ctxDepth: number;
  lexW: number;
  vecW: number;
  /** Vector mix weights: own, previous, the one before. */
  mix: number[];
  /** Lexical candidates read. */
  depth: number;
  /** Query vector components weighted by their idf among the conversation's vectors. */
  idfQuery: boolean;
  /** Pseudo-relevance feedback: expansion terms from the top prfDocs hits, scored as a second query. */
  prfDocs: number;
  prfTerms: number;
  prfWeight: number;
  /** Normalised lexical score raised to this power. */
  lexPower: number;
  /** Following milestones indexed with a milestone: a column of their own (weight 0.3), or in the context. */
  nextCtx: number;
  nextInContext: boolean;
  /** Added when the question names the milestone's speaker (agent); only for lexical hits with boostLexOnly. */
  agentBoost: number;
  boostLexOnly: boolean;
  /** Each milestone's score plus this share of its two neighbours' scores. */
  prop: number;
  /** The purpose column left empty. */
  noPurpose: boolean;
  /** Vector mix weights of the next milestones (next, the one after). */
  mixNext: number[];
}

const BASE: Params = {
  cols: [1, 1, 1, 0.3],
  ctxDepth: 2,
  lexW: 0.5,
  vecW: 0.5,
  mix: [1, 0.5, 0.25],
  depth: 100,
  idfQuery: false,
  prfDocs: 0,
  prfTerms: 0,
  prfWeight: 0,
  lexPower: 1,
  nextCtx: 0,
  agentBoost: 0,
  prop: 0,
  boostLexOnly: false,
  nextInContext: false,
  noPurpose: false,
  mixNext: [],
};

interface Item {
  key: string;
  purpose: string;
  progress: string;
  text: string;
  context: string;
  next: string;
}

const embedder = new BuiltinEmbedder();

function itemsOf(c: LocomoConversation, p: Params): { items: Item[]; keyOfTurn: Map<string, string> } {
  const items: Item[] = [];
  const seen = new Map<string, string>();
  const keyOfTurn = new Map<string, string>();
  const purpose = `Conversation between ${c.speakers[0]} and ${c.speakers[1]}`;
  for (const turn of c.turns) {
    const text = `${turn.speaker}: ${turn.text}`;
    const hash = JSON.stringify([purpose, turn.sessionDate, text]);
    const existing = seen.get(hash);
    if (existing) {
      keyOfTurn.set(turn.diaId, existing);
      continue;
    }
    seen.set(hash, turn.diaId);
    keyOfTurn.set(turn.diaId, turn.diaId);
    const context = p.ctxDepth > 0 ? items.slice(-p.ctxDepth).reverse().map((i) => i.text).join('\n') : '';
    items.push({ key: turn.diaId, purpose, progress: turn.sessionDate, text, context, next: '' });
  }
  for (let i = 0; i < items.length; i++) items[i]!.next = items.slice(i + 1, i + 1 + p.nextCtx).map((x) => x.text).join('\n');
  if (p.nextInContext) for (const it of items) { if (it.next) it.context = it.context ? `${it.context}\n${it.next}` : it.next; it.next = ''; }
  return { items, keyOfTurn };
}

class Conversation {
  db = new Database(':memory:');
  vectors: SparseVector[];
  df = new Map<number, number>();
  constructor(readonly items: Item[], readonly p: Params) {
    this.db.exec(`CREATE VIRTUAL TABLE f USING fts5(purpose, progress, text, context, next, tokenize = 'porter unicode61')`);
    const ins = this.db.prepare('INSERT INTO f (rowid, purpose, progress, text, context, next) VALUES (?, ?, ?, ?, ?, ?)');
    items.forEach((it, i) => ins.run(i + 1, p.noPurpose ? '' : it.purpose, it.progress, it.text, it.context, it.next));
    const own = items.map((it) => embedder.embedSparseOne(it.text));
    this.vectors = own.map((_, i) => {
      const slots = new Map<number, number>();
      p.mix.forEach((w, k) => {
        const v = own[i - k];
        if (!v) return;
        v.indices.forEach((s, j) => slots.set(s, (slots.get(s) ?? 0) + w * v.values[j]!));
      });
      p.mixNext.forEach((w, k) => {
        const v = own[i + k + 1];
        if (!v) return;
        v.indices.forEach((s, j) => slots.set(s, (slots.get(s) ?? 0) + w * v.values[j]!));
      });
      return sparseFromSlots(slots);
    });
    for (const v of own) for (const s of v.indices) this.df.set(s, (this.df.get(s) ?? 0) + 1);
  }

  lexical(terms: string[], limit: number): Array<{ i: number; score: number }> {
    const [a, b, c, d] = this.p.cols;
    const rows = this.db
      .prepare(`SELECT rowid, bm25(f, ${a}, ${b}, ${c}, ${d}, ${this.p.nextCtx > 0 ? 0.3 : 0}) AS s FROM f WHERE f MATCH ? ORDER BY s LIMIT ?`)
      .all(`{purpose progress text context next} : (${terms.join(' OR ')})`, limit) as Array<{ rowid: number; s: number }>;
    return rows.map((r) => ({ i: r.rowid - 1, score: r.s }));
  }

  query(question: string): string[] {
    const p = this.p;
    const terms = toFtsTerms(question);
    let qv = embedder.embedSparseOne(question);
    if (p.idfQuery) {
      const n = this.items.length;
      const slots = new Map<number, number>();
      qv.indices.forEach((s, j) => slots.set(s, qv.values[j]! * Math.log(1 + n / (1 + (this.df.get(s) ?? 0)))));
      qv = sparseFromSlots(slots);
    }
    const lex = new Map<number, number>();
    if (terms) {
      const hits = this.lexical(terms, p.depth);
      const best = hits.length ? Math.min(...hits.map((h) => h.score)) : 0;
      for (const h of hits) lex.set(h.i, best < 0 ? (h.score / best) ** p.lexPower : 1);
      if (p.prfDocs > 0 && hits.length > 0) {
        const expansion = this.expansionTerms(hits.slice(0, p.prfDocs).map((h) => h.i), terms);
        if (expansion.length > 0) {
          const more = this.lexical(expansion, p.depth);
          const b2 = more.length ? Math.min(...more.map((h) => h.score)) : 0;
          for (const h of more) lex.set(h.i, (lex.get(h.i) ?? 0) + p.prfWeight * (b2 < 0 ? h.score / b2 : 1));
        }
      }
    }
    const words = new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    const scores = this.items.map((it, i) => p.lexW * (lex.get(i) ?? 0) + p.vecW * sparseDot(qv, this.vectors[i]!) +
      (p.agentBoost && (!p.boostLexOnly || lex.has(i)) && words.has(it.text.slice(0, it.text.indexOf(':')).toLowerCase()) ? p.agentBoost : 0));
    const base = [...scores];
    if (p.prop) for (let i = 0; i < scores.length; i++) scores[i] = base[i]! + p.prop * ((base[i - 1] ?? 0) + (base[i + 1] ?? 0));
    return scores
      .map((s, i) => ({ s, i }))
      .sort((x, y) => y.s - x.s || y.i - x.i)
      .slice(0, 10)
      .map((x) => this.items[x.i]!.key);
  }

  private expansionTerms(docs: number[], terms: string[]): string[] {
    const have = new Set(terms.map((t) => t.slice(1, -1)));
    const counts = new Map<string, number>();
    for (const d of docs) {
      for (const w of new Set(toFtsTerms(this.items[d]!.text.replace(/^[^:]+:/, '')) ?? [])) {
        const word = w.slice(1, -1);
        if (have.has(word) || /^\d+$/.test(word) || word.length < 3) continue;
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
    const n = this.items.length;
    const dfOf = this.db.prepare(`SELECT count(*) FROM f WHERE f MATCH ?`).pluck();
    return [...counts]
      .filter(([, c]) => c >= 2)
      .map(([w, c]) => ({ w, s: c * Math.log(n / (1 + (dfOf.get(`{text} : "${w}"`) as number))) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, this.p.prfTerms)
      .map((x) => `"${x.w}"`);
  }
}

function run(name: string, p: Params, conversations: LocomoConversation[], tune: Set<string>): void {
  const split = { tune: [] as RetrievalScores[], held: [] as RetrievalScores[] };
  for (const c of conversations) {
    const { items, keyOfTurn } = itemsOf(c, p);
    const conv = new Conversation(items, p);
    for (const q of c.questions) {
      const gold = new Set(q.gold.map((id) => keyOfTurn.get(id)!));
      (tune.has(c.sampleId) ? split.tune : split.held).push(scoreRanking(conv.query(q.question), gold));
    }
    conv.db.close();
  }
  const f = (s: RetrievalScores) => `${s.recallAt5.toFixed(3)} ${s.recallAt10.toFixed(3)} ${s.reciprocalRank.toFixed(3)}`;
  const all = averageScores([...split.tune, ...split.held]);
  console.log(`${name.padEnd(40)} tune ${f(averageScores(split.tune))} | held ${f(averageScores(split.held))} | all ${f(all)}`);
}

const conversations = loadLocomo(memoryDataFile());
const tune = new Set((process.env.TUNE ?? 'conv-26,conv-30,conv-41').split(','));
for (const arg of process.argv.slice(2)) {
  const p = { ...BASE, ...(JSON.parse(arg) as Partial<Params>) };
  run(arg, p, conversations, tune);
}

export function debugFailures(p: Params, c: LocomoConversation, max: number): void {
  const { items, keyOfTurn } = itemsOf(c, p);
  const conv = new Conversation(items, p);
  const text = new Map(items.map((i) => [i.key, i.text]));
  let shown = 0;
  for (const q of c.questions) {
    const gold = new Set(q.gold.map((id) => keyOfTurn.get(id)!));
    const ranked = conv.query(q.question);
    const s = scoreRanking(ranked, gold);
    if (s.recallAt10 > 0 || shown++ >= max) continue;
    console.log(`\n[${q.category}] ${q.question}`);
    for (const g of gold) console.log(`   GOLD ${g} ${text.get(g)!.slice(0, 160)}`);
    for (const r of ranked.slice(0, 3)) console.log(`   got  ${r} ${text.get(r)!.slice(0, 160)}`);
  }
}
if (process.env.DEBUG) debugFailures({ ...BASE, agentBoost: 0.3 }, conversations.find((c) => c.sampleId === process.env.DEBUG)!, 40);
