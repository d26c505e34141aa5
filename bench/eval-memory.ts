// npm run eval:memory — search quality of the memory API on ../shared/data/memory/locomo-dev.json:
// each conversation becomes a project, each dialogue turn a milestone ("Speaker: text", the
// session's date in cumulativeProgress) stored in order through HTTP on a real gateway; each
// question of categories 1-4 is asked of the per-project search API (limit 10) and scored against
// its evidence turns, next to BM25 alone and most-recent-first computed here over the same turns;
// the conversations the ranking was tuned on are reported apart from the others.
// SYNAPSE_EVAL_BACKEND=postgres runs the gateway on PostgreSQL instead (a schema of its own on
// SYNAPSE_EVAL_DATABASE_URL, else the test database of the PG* variables, default
// postgres://postgres@127.0.0.1:5432/test, dropped afterwards).
import { averageScores, scoreRanking, type RetrievalScores } from './retrieval-metrics.js';
import { Bm25Baseline, rankMostRecent, type IndexedItem } from './memory-baselines.js';
import { EVAL_BACKEND, evalBackendEnv } from './eval-backend.js';
import { haveMemoryData, loadLocomo, memoryDataFile, type LocomoConversation } from './locomo-data.js';
import { startMemoryGateway, type MemoryGateway } from './memory-gateway.js';

const K = 10;
/**
 * The conversations the ranking constants were tuned on (rank-fusion.ts); the others are reported
 * apart, as the figure to expect on conversations the constants never saw.
 */
const TUNING_CONVERSATIONS = new Set(['conv-26', 'conv-30', 'conv-41']);

interface Stored {
  items: IndexedItem[];
  /** Dialogue id -> item key (turns with the same text in one session are one milestone). */
  keyOfTurn: Map<string, string>;
  /** Milestone id -> item key. */
  keyOfMilestone: Map<string, string>;
}

async function storeConversation(gw: MemoryGateway, conversation: LocomoConversation, stored: Stored): Promise<void> {
  const projectId = `locomo-${conversation.sampleId}`;
  const branchPurpose = `Conversation between ${conversation.speakers[0]} and ${conversation.speakers[1]}`;
  await gw.call('POST', '/projects', { projectId, name: projectId });
  for (const turn of conversation.turns) {
    const milestone = {
      branchName: 'main',
      branchPurpose,
      cumulativeProgress: turn.sessionDate,
      thisContribution: `${turn.speaker}: ${turn.text}`,
      agentId: turn.speaker.toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'speaker',
    };
    const { body } = await gw.call<{ milestoneId: string }>('POST', `/projects/${projectId}/store`, milestone);
    // A repeated turn (identical content) answers with the milestone stored first.
    if (!stored.keyOfMilestone.has(body.milestoneId)) {
      stored.keyOfMilestone.set(body.milestoneId, turn.diaId);
      stored.items.push({ key: turn.diaId, group: projectId, ...milestone });
    }
    stored.keyOfTurn.set(`${projectId}/${turn.diaId}`, stored.keyOfMilestone.get(body.milestoneId)!);
  }
}

async function searchApi(gw: MemoryGateway, projectId: string, query: string, stored: Stored): Promise<string[]> {
  const { body } = await gw.call<{ milestones: Array<{ milestoneId: string }> }>('POST', `/projects/${projectId}/search`, { query, limit: K });
  return body.milestones.map((m) => stored.keyOfMilestone.get(m.milestoneId) ?? m.milestoneId);
}

function row(name: string, s: RetrievalScores): string {
  return `| ${name} | ${s.recallAt5.toFixed(3)} | ${s.recallAt10.toFixed(3)} | ${s.reciprocalRank.toFixed(3)} |`;
}

async function main(): Promise<void> {
  const file = memoryDataFile();
  if (!haveMemoryData(file, 'eval:memory')) return;
  const conversations = loadLocomo(file);
  const backend = evalBackendEnv('memoryeval');
  const gw = await startMemoryGateway({ env: backend.env });
  const stored: Stored = { items: [], keyOfTurn: new Map(), keyOfMilestone: new Map() };
  const scores = { api: [] as RetrievalScores[], bm25: [] as RetrievalScores[], recent: [] as RetrievalScores[] };
  const byCategory = new Map<number, RetrievalScores[]>();
  const bySplit = new Map<string, { conversations: Set<string>; api: RetrievalScores[]; bm25: RetrievalScores[] }>();
  try {
    const started = performance.now();
    for (const conversation of conversations) await storeConversation(gw, conversation, stored);
    const storeSecs = (performance.now() - started) / 1000;
    const bm25 = new Bm25Baseline(stored.items);
    let questions = 0;
    for (const conversation of conversations) {
      const projectId = `locomo-${conversation.sampleId}`;
      for (const q of conversation.questions) {
        const gold = new Set(q.gold.map((id) => stored.keyOfTurn.get(`${projectId}/${id}`)!));
        const api = scoreRanking(await searchApi(gw, projectId, q.question, stored), gold);
        const lexical = scoreRanking(bm25.rank(projectId, q.question, K), gold);
        scores.api.push(api);
        scores.bm25.push(lexical);
        const split = TUNING_CONVERSATIONS.has(conversation.sampleId) ? 'tuning' : 'held back';
        if (!bySplit.has(split)) bySplit.set(split, { conversations: new Set(), api: [], bm25: [] });
        const part = bySplit.get(split)!;
        part.conversations.add(conversation.sampleId);
        part.api.push(api);
        part.bm25.push(lexical);
        scores.recent.push(scoreRanking(rankMostRecent(stored.items, projectId, K), gold));
        byCategory.set(q.category, [...(byCategory.get(q.category) ?? []), api]);
        questions++;
      }
    }
    bm25.close();
    const turns = conversations.reduce((n, c) => n + c.turns.length, 0);
    console.log(`# ${EVAL_BACKEND}: ${conversations.length} conversations, ${turns} turns (${stored.items.length} milestones), ${questions} questions of categories 1-4; stored in ${storeSecs.toFixed(1)} s\n`);
    console.log('| ranking | recall@5 | recall@10 | MRR@10 |');
    console.log('|---|---:|---:|---:|');
    console.log(row('memory search API (hybrid)', averageScores(scores.api)));
    console.log(row('BM25 only (FTS5, OR of all words)', averageScores(scores.bm25)));
    console.log(row('most recent first', averageScores(scores.recent)));
    console.log('\n| category | questions | recall@5 | recall@10 | MRR@10 |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [category, list] of [...byCategory].sort((a, b) => a[0] - b[0])) {
      const s = averageScores(list);
      console.log(`| ${category} | ${list.length} | ${s.recallAt5.toFixed(3)} | ${s.recallAt10.toFixed(3)} | ${s.reciprocalRank.toFixed(3)} |`);
    }
    console.log('\n| conversations | questions | recall@5 | recall@10 | MRR@10 | BM25 recall@10 |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [split, part] of [...bySplit].sort((a, b) => b[0].localeCompare(a[0]))) {
      const s = averageScores(part.api);
      const names = [...part.conversations].join(', ');
      const base = averageScores(part.bm25).recallAt10.toFixed(3);
      console.log(`| ${split} (${names}) | ${part.api.length} | ${s.recallAt5.toFixed(3)} | ${s.recallAt10.toFixed(3)} | ${s.reciprocalRank.toFixed(3)} | ${base} |`);
    }
  } finally {
    await gw.close();
    await backend.cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
