// npm run eval:intelligence — scores intelligence answers (no LLM: the default configuration) on
// the labelled set bench/intelligence-set.json, written for this project: each scenario is a
// tenant whose milestones are stored through HTTP at their times on a real gateway with an
// injected clock; each question is asked through POST /intelligence/query and scored: the answer
// kind, and for specific questions whether the first source is a milestone that answers it, how
// many of those are cited and how many sources are ones that should be; for off-topic questions,
// no sources; for digests, sources only from the part of the memory the question names. Results
// by split: the calibration scenarios set the relevance cut (relevance.ts), the held-out ones did not.
// EVAL_SWEEP=1 also prints the same scores for other cuts, from the assessment's candidates.
// EVAL_VERBOSE=1 prints every question answered wrongly, EVAL_SCORES=1 each question's relevance
// score, EVAL_ANSWERS=1 every answer. SYNAPSE_EVAL_BACKEND=postgres as eval:memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './eval-data.js';
import { EVAL_BACKEND, evalBackendEnv } from './eval-backend.js';
import { startMemoryGateway } from './memory-gateway.js';
import type { Assessment } from '../src/domain/memory/intelligence/question-assessment.js';
import { assessRelevance, RELEVANCE_MODEL, type RelevanceModel } from '../src/domain/memory/intelligence/relevance.js';

type Kind = 'specific' | 'digest' | 'no_match';

interface LabelledQuestion {
  question: string;
  kind: Kind;
  timeRange?: string;
  cite?: string[];
  allow?: string[];
  scope?: { agentIds?: string[]; projectIds?: string[]; branchNames?: string[] };
}

interface Scenario {
  name: string;
  split: 'calibration' | 'held-out';
  projects: Array<{ projectId: string; name: string }>;
  contributors: Array<{ contributorId: string; displayName: string; agentIds: string[] }>;
  milestones: Array<{ key: string; projectId: string; branchName: string; branchPurpose: string; agentId: string; daysAgo: number; text: string }>;
  questions: LabelledQuestion[];
}

interface Source {
  milestoneId: string;
}

interface Outcome {
  split: string;
  scenario: string;
  expected: Kind;
  got: Kind;
  /** Keys of the sources, in order. */
  sources: string[];
  ok: boolean;
  top1?: boolean;
  citeRecall?: number;
  precision?: number;
}

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T12:00:00.000Z');
const SET_FILE = join(repositoryRoot(), 'bench', 'intelligence-set.json');

function score(q: LabelledQuestion, got: Kind, sources: string[], where: (key: string) => { projectId: string; agentId: string; branchName: string }): Omit<Outcome, 'split' | 'scenario'> {
  const base = { expected: q.kind, got, sources };
  if (q.kind === 'no_match') return { ...base, ok: got === 'no_match' && sources.length === 0 };
  if (q.kind === 'digest') {
    const s = q.scope ?? {};
    const inScope = sources.every((key) => {
      const m = where(key);
      return (!s.agentIds || s.agentIds.includes(m.agentId)) && (!s.projectIds || s.projectIds.includes(m.projectId)) && (!s.branchNames || s.branchNames.includes(m.branchName));
    });
    return { ...base, ok: got === 'digest' && sources.length > 0 && inScope };
  }
  const cite = new Set(q.cite ?? []);
  const allowed = new Set([...cite, ...(q.allow ?? [])]);
  const top1 = got === 'specific' && cite.has(sources[0] ?? '');
  const citeRecall = got === 'specific' ? [...cite].filter((k) => sources.includes(k)).length / cite.size : 0;
  const precision = sources.length > 0 ? sources.filter((k) => allowed.has(k)).length / sources.length : undefined;
  return { ...base, ok: top1, top1, citeRecall, ...(precision !== undefined ? { precision } : {}) };
}

function summarise(outcomes: Outcome[]): string[] {
  const rows: string[] = [];
  for (const split of ['calibration', 'held-out']) {
    const list = outcomes.filter((o) => o.split === split);
    if (list.length === 0) continue;
    const of = (kind: Kind) => list.filter((o) => o.expected === kind);
    const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(0)}%`);
    const mean = (values: number[]) => (values.length === 0 ? '-' : (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2));
    const specific = of('specific');
    const answered = specific.filter((o) => o.got === 'specific');
    const kindRight = list.filter((o) => o.got === o.expected).length;
    rows.push(
      `| ${split} | ${list.length} | ${pct(kindRight, list.length)} | ${specific.length} | ${pct(answered.length, specific.length)} | ` +
        `${pct(specific.filter((o) => o.top1).length, specific.length)} | ${mean(specific.map((o) => o.citeRecall ?? 0))} | ` +
        `${mean(answered.flatMap((o) => (o.precision === undefined ? [] : [o.precision])))} | ` +
        `${of('no_match').length} | ${pct(of('no_match').filter((o) => o.ok).length, of('no_match').length)} | ` +
        `${of('digest').length} | ${pct(of('digest').filter((o) => o.ok).length, of('digest').length)} |`,
    );
  }
  return rows;
}

const HEADER = [
  '| split | questions | kind right | specific | answered as specific | first source right | cited recall | source precision | off-topic | no_match, no sources | digest | digest in scope |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];

async function main(): Promise<void> {
  const scenarios = (JSON.parse(readFileSync(SET_FILE, 'utf8')) as { scenarios: Scenario[] }).scenarios;
  const backend = evalBackendEnv('intelligenceeval');
  let clock = T0;
  const gw = await startMemoryGateway({ env: backend.env, now: () => clock });
  const outcomes: Outcome[] = [];
  const sweep: SweepItem[] = [];
  const keyInfo = (m: Scenario['milestones'][number]) => ({ projectId: m.projectId, agentId: m.agentId, branchName: m.branchName });
  try {
    for (const scenario of scenarios) {
      const tenantId = `eval-${scenario.name}`;
      const key = await gw.createTenantKey(tenantId);
      const keyOf = new Map<string, string>();
      const byKey = new Map(scenario.milestones.map((m) => [m.key, m]));
      for (const p of scenario.projects) await gw.call('POST', '/projects', p, key);
      for (const c of scenario.contributors) await gw.call('POST', '/contributors', c, key);
      for (const m of [...scenario.milestones].sort((a, b) => b.daysAgo - a.daysAgo)) {
        clock = T0 - m.daysAgo * DAY;
        const body = { branchName: m.branchName, branchPurpose: m.branchPurpose, thisContribution: m.text, agentId: m.agentId };
        const { body: stored } = await gw.call<{ milestoneId: string }>('POST', `/projects/${m.projectId}/store`, body, key);
        keyOf.set(stored.milestoneId, m.key);
      }
      clock = T0;
      const where = (k: string) => keyInfo(byKey.get(k)!);
      for (const q of scenario.questions) {
        const input = { question: q.question, timeRange: q.timeRange ?? '30d' };
        const { body } = await gw.call<{ answerKind?: Kind; sources: Source[]; answer: string }>('POST', '/intelligence/query', input, key);
        const sources = body.sources.map((s) => keyOf.get(s.milestoneId) ?? s.milestoneId);
        // A gateway from before answerKind is scored as giving a digest whenever it cites sources.
        const kind = body.answerKind ?? (sources.length > 0 ? 'digest' : 'no_match');
        const outcome = { split: scenario.split, scenario: scenario.name, ...score(q, kind, sources, where) };
        outcomes.push(outcome);
        if (process.env.EVAL_ANSWERS === '1') console.log(`\n## ${scenario.name}: ${q.question} (${kind})\n${body.answer}`);
        if (process.env.EVAL_SWEEP !== '1' && process.env.EVAL_SCORES !== '1' && !(process.env.EVAL_VERBOSE === '1' && !outcome.ok)) continue;
        const assessment = await gw.gateway.deps.memory.intelligence.assess(tenantId, input);
        if (process.env.EVAL_SWEEP === '1') sweep.push({ split: scenario.split, q, assessment, keyOf, where });
        if (process.env.EVAL_SCORES === '1' && assessment.kind !== 'digest') {
          console.log(`score ${scenario.split} ${assessment.relevanceInput.score.toFixed(3)} ${q.kind} ${q.question}`);
        }
        if (process.env.EVAL_VERBOSE === '1' && !outcome.ok) {
          const top = assessment.assessed.slice(0, 3).map((a) => `${keyOf.get(a.milestone.milestoneId)} ${a.coverage.toFixed(2)}/${a.cosine.toFixed(2)}`);
          const terms = assessment.relevanceInput.terms.map((t) => `${t.stem}:${t.df}${t.name ? '*' : ''}`).join(' ');
          console.log(
            `${scenario.name}: "${q.question}" expected ${q.kind} ${JSON.stringify(q.cite ?? q.scope ?? '')}, got ${body.answerKind} ` +
              `[${sources.join(', ')}]; score ${assessment.relevanceInput.score.toFixed(2)} (${terms}); best ${top.join(', ')}`,
          );
        }
      }
    }
    const questions = scenarios.reduce((n, s) => n + s.questions.length, 0);
    const milestones = scenarios.reduce((n, s) => n + s.milestones.length, 0);
    console.log(`# ${EVAL_BACKEND}: ${scenarios.length} scenarios, ${milestones} milestones, ${questions} questions; relevance model ${JSON.stringify(RELEVANCE_MODEL)}\n`);
    console.log([...HEADER, ...summarise(outcomes)].join('\n'));
    if (sweep.length > 0) printSweep(sweep);
  } finally {
    await gw.close();
    await backend.cleanUp();
  }
}

interface SweepItem {
  split: string;
  q: LabelledQuestion;
  assessment: Assessment;
  keyOf: Map<string, string>;
  where: (key: string) => { projectId: string; agentId: string; branchName: string };
}

/**
 * The scores again for other relevance models, from each question's assessment: the best
 * calibration settings first (kind right, then first source right, then cited recall), with
 * what the same settings give on the held-out scenarios.
 */
function printSweep(items: SweepItem[]): void {
  const results: Array<{ model: RelevanceModel; calibration: number[]; heldOut: number[] }> = [];
  for (const cut of [0.35, 0.4, 0.45, 0.5, 0.55, 0.6]) {
    for (const windowShare of [0, 0.25, 0.5, 0.75]) {
      for (const unknownWeight of [0.5, 0.75, 1]) {
        for (const nameWeight of [1, 2]) {
          for (const relative of [0.6, 0.8]) {
            for (const cosineWeight of [0, 0.3]) {
              const model = { cut, windowShare, unknownWeight, nameWeight, relative, cosineWeight };
              const outcomes = items.map(({ split, q, assessment, keyOf, where }) => {
                if (assessment.kind === 'digest') return { split, expected: q.kind, got: 'digest' as Kind, sources: [], ok: q.kind === 'digest' };
                const input = assessment.relevanceInput;
                const { relevant } = assessRelevance(input.terms, input.windowSize, input.candidates, input.limit, model);
                const sources = relevant.map((a) => keyOf.get(a.milestone.milestoneId)!);
                return { split, ...score(q, sources.length > 0 ? 'specific' : 'no_match', sources, where) };
              });
              const rates = (split: string) => {
                const list = outcomes.filter((o) => o.split === split);
                const spec = list.filter((o) => o.expected === 'specific');
                const off = list.filter((o) => o.expected === 'no_match');
                return [
                  list.filter((o) => o.got === o.expected).length / list.length,
                  spec.filter((o) => o.top1).length / spec.length,
                  spec.reduce((sum, o) => sum + (o.citeRecall ?? 0), 0) / spec.length,
                  off.filter((o) => o.ok).length / off.length,
                ];
              };
              results.push({ model, calibration: rates('calibration'), heldOut: rates('held-out') });
            }
          }
        }
      }
    }
  }
  const key = (r: number[]) => r[0]! * 1e6 + r[1]! * 1e3 + r[2]!;
  results.sort((a, b) => key(b.calibration) - key(a.calibration));
  console.log('\n| cut | window share | unknown weight | name weight | relative | cosine weight | calibration: kind right, first right, cited recall, off-topic right | held-out: the same |');
  console.log('|---:|---:|---:|---:|---:|---:|---|---|');
  const f = (r: number[]) => r.map((x) => x.toFixed(2)).join(', ');
  for (const r of results.slice(0, 25)) {
    const m = r.model;
    console.log(`| ${m.cut} | ${m.windowShare} | ${m.unknownWeight} | ${m.nameWeight} | ${m.relative} | ${m.cosineWeight} | ${f(r.calibration)} | ${f(r.heldOut)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
