// Loading the memory evaluation data, ../shared/data/memory/locomo-dev.json (never copied into the
// repository): each conversation's dated sessions flattened into turns, and its questions of
// categories 1-4 with their gold turns cleaned from the free-form `evidence` field.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repositoryRoot } from './eval-data.js';

export interface Turn {
  /** `D3:5` = session 3, turn 5. */
  diaId: string;
  speaker: string;
  text: string;
  /** The session's date as the data gives it, e.g. "1:56 pm on 8 May, 2023". */
  sessionDate: string;
}

export interface Question {
  question: string;
  category: number;
  /** Dialogue ids of the turns that answer it, each one present in the conversation. */
  gold: string[];
}

export interface LocomoConversation {
  sampleId: string;
  speakers: [string, string];
  /** In conversation order. */
  turns: Turn[];
  questions: Question[];
}

export const EVAL_CATEGORIES = new Set([1, 2, 3, 4]);

/** ../shared/data/memory next to the repository, or SYNAPSE_EVAL_DATA (the folder holding the file). */
export function memoryDataFile(): string {
  return join(process.env.SYNAPSE_EVAL_DATA ?? resolve(repositoryRoot(), '..', 'shared', 'data', 'memory'), 'locomo-dev.json');
}

/**
 * Dialogue ids named by an evidence entry. The data has slips such as "D8:6; D9:17" (two in
 * one), "D:11:26" (a stray colon) and a bare "D" (nothing), so ids are read by pattern.
 */
export function parseEvidence(entry: string): string[] {
  return [...entry.matchAll(/D:?(\d+):(\d+)/g)].map((m) => `D${Number(m[1])}:${Number(m[2])}`);
}

interface RawConversation {
  sample_id: string;
  conversation: Record<string, unknown>;
  qa: Array<{ question: string; category: number; evidence?: string[] }>;
}

export function loadLocomo(file: string): LocomoConversation[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawConversation[];
  return raw.map(toConversation);
}

function toConversation(raw: RawConversation): LocomoConversation {
  const c = raw.conversation;
  const sessions = Object.keys(c)
    .map((key) => /^session_(\d+)$/.exec(key))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const turns: Turn[] = sessions.flatMap((n) => {
    const sessionDate = String(c[`session_${n}_date_time`] ?? '');
    const list = (c[`session_${n}`] ?? []) as Array<{ speaker: string; dia_id: string; text: string }>;
    return list.map((t) => ({ diaId: parseEvidence(t.dia_id)[0] ?? t.dia_id, speaker: t.speaker, text: t.text, sessionDate }));
  });
  const known = new Set(turns.map((t) => t.diaId));
  const questions = raw.qa
    .filter((q) => EVAL_CATEGORIES.has(q.category))
    .map((q) => ({
      question: String(q.question),
      category: q.category,
      gold: [...new Set((q.evidence ?? []).flatMap(parseEvidence))].filter((id) => known.has(id)),
    }))
    .filter((q) => q.gold.length > 0);
  return { sampleId: raw.sample_id, speakers: [String(c.speaker_a), String(c.speaker_b)], turns, questions };
}

/** True when the data file is there; says so otherwise. */
export function haveMemoryData(file: string, script: string): boolean {
  if (existsSync(file)) return true;
  console.log(`${script}: no evaluation data at ${file} (set SYNAPSE_EVAL_DATA to the folder holding locomo-dev.json); nothing to do.`);
  return false;
}
