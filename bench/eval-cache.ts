// npm run eval:cache — quality of the semantic cache with the real matching code (embedder,
// vector index, equivalence verifier, conversation context), on ../shared/data/cache:
// QQP question pairs (insert every question1, query every question2: duplicates should hit,
// non-duplicates must not) and two-turn conversations (a follow-up must never hit across
// conversations), and the hand-written adversarial pairs of test/semantic, tiered and through the
// verifier alone. Prints one row per threshold. EVAL_QQP_LIMIT=n uses the first n pairs;
// EVAL_PARTS=adversarial,qqp,conversations picks parts (all by default);
// EVAL_EMBEDDER picks an embedder variant (see eval-embedders.ts); with SYNAPSE_EMBEDDER set (e.g.
// openai, with SYNAPSE_EMBEDDING_MODEL and OPENAI_BASE_URL), the configured embedder is evaluated.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyEquivalent } from '../src/domain/cache/semantic/equivalence-verifier.js';
import { DEFAULT_SEMANTIC_THRESHOLD } from '../src/config/schema.js';
import { evaluateAdversarial, printAdversarialTables } from './eval-adversarial.js';
import { dataDirectory, loadConversations, loadQuestionPairs } from './eval-data.js';
import { createEvalSpace, defaultEvalEmbedder } from './eval-embedders.js';
import { evaluateConversations, printConversationTable } from './eval-multiturn.js';
import { evaluateQuestionPairs, printQuestionPairTables } from './eval-qqp.js';

export const THRESHOLDS = [0.7, 0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];

async function main(): Promise<void> {
  const parts = new Set((process.env.EVAL_PARTS ?? 'adversarial,qqp,conversations').split(','));
  const dir = dataDirectory();
  const qqpFile = join(dir, 'qqp-dev.csv');
  const conversationFile = join(dir, 'multiturn-dev.json');
  const embedder = await createEvalSpace(defaultEvalEmbedder());
  console.log(`embedder: ${embedder.id}\n`);
  if (parts.has('adversarial')) {
    const thresholds = [0.8, 0.9, DEFAULT_SEMANTIC_THRESHOLD];
    printAdversarialTables(await evaluateAdversarial(embedder, verifyEquivalent, thresholds));
  }
  if (!existsSync(qqpFile) && !existsSync(conversationFile)) {
    console.log(`eval:cache: no evaluation data in ${dir} (qqp-dev.csv, multiturn-dev.json); QQP and conversations skipped.`);
    return;
  }
  if (parts.has('qqp') && existsSync(qqpFile)) {
    const limit = Number(process.env.EVAL_QQP_LIMIT ?? Infinity);
    const pairs = loadQuestionPairs(qqpFile).slice(0, limit);
    const result = await evaluateQuestionPairs(embedder, verifyEquivalent, pairs, THRESHOLDS);
    printQuestionPairTables(result, THRESHOLDS);
  } else if (parts.has('qqp')) console.log(`eval:cache: ${qqpFile} is absent; skipping QQP.`);
  if (parts.has('conversations') && existsSync(conversationFile)) {
    const rows = await evaluateConversations(embedder, verifyEquivalent, loadConversations(conversationFile), THRESHOLDS);
    printConversationTable(rows);
  } else if (parts.has('conversations')) console.log(`eval:cache: ${conversationFile} is absent; skipping conversations.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
