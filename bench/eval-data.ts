// Loading the cache evaluation data from ../shared/data/cache (never copied into the repository):
// the QQP question pairs (CSV, RFC 4180 quoting) and the two-turn conversations (JSON).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface QuestionPair {
  question1: string;
  question2: string;
  duplicate: boolean;
}

export interface Conversation {
  u0: string;
  u0_duplicate: string;
  system_q0: string;
  u1: string;
  u1_duplicate: string;
}

/** The repository root: the nearest folder above this file that holds package.json. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** ../shared/data/cache next to the repository, or SYNAPSE_EVAL_DATA. */
export function dataDirectory(): string {
  return process.env.SYNAPSE_EVAL_DATA ?? resolve(repositoryRoot(), '..', 'shared', 'data', 'cache');
}

/** Parses CSV text: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function loadQuestionPairs(file: string): QuestionPair[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const column = (name: string): number => {
    const at = header!.indexOf(name);
    if (at < 0) throw new Error(`${file}: no column ${name}`);
    return at;
  };
  const [q1, q2, dup] = [column('question1'), column('question2'), column('is_duplicate')];
  return rows
    .filter((row) => row.length > Math.max(q1, q2, dup))
    .map((row) => ({ question1: row[q1]!, question2: row[q2]!, duplicate: row[dup]!.trim() === '1' }));
}

export function loadConversations(file: string): Conversation[] {
  return JSON.parse(readFileSync(file, 'utf8')) as Conversation[];
}
