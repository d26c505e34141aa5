// The answers without an LLM, deterministic and saying nothing the sources do not say: a
// specific question is answered by the best matching milestone's own words first, then the other
// matches; a digest restates the window's activity grouped by project and branch; "nothing
// matches" says so and what the window holds instead.
import type { IntelligenceSource } from './intelligence-types.js';

/** Who and where the question was narrowed to ("for alice", "by search-agent"), for the sentences. */
export interface AnswerScope {
  /** " for alice", " by search-agent in project storefront", or "". */
  phrase: string;
  /** The window: "in the last 7 days". */
  windowLabel: string;
}

/** The window (as narrowed) holds nothing at all. */
export function noActivityAnswer(scope: AnswerScope): string {
  return `No recorded activity${scope.phrase} was found ${scope.windowLabel}, so there is nothing to answer from.`;
}

/**
 * The best match's text leads, verbatim; the other matches follow as "also relevant"; then where
 * they come from.
 */
export function specificAnswer(sources: IntelligenceSource[], windowTotal: number, scope: AnswerScope): string {
  const [best, ...others] = sources;
  const lines = [quoted(best!.excerpt, 1)];
  if (others.length > 0) lines.push(`Also relevant: ${others.map((s, i) => quoted(s.excerpt, i + 2)).join(' ')}`);
  lines.push(
    `${sources.length} of the ${count(windowTotal, 'milestone')} recorded${scope.phrase} ${scope.windowLabel} ` +
      `${sources.length === 1 ? 'matches' : 'match'} the question; the best is from ${best!.projectId} on branch ` +
      `${best!.branchName} (${best!.createdAt.slice(0, 10)}).`,
  );
  return lines.join('\n');
}

/** Nothing in the window matches: said plainly, with one sentence on what the window does hold. */
export function noMatchAnswer(windowTotal: number, held: Map<string, Set<string>>, scope: AnswerScope): string {
  const projects = [...held].sort((a, b) => compare(a[0], b[0]));
  const shown = projects.slice(0, 5).map(([project, branches]) => {
    const names = [...branches].sort(compare);
    const list = names.slice(0, 5).join(', ') + (names.length > 5 ? ', ...' : '');
    return `${project} (${names.length === 1 ? 'branch' : 'branches'} ${list})`;
  });
  const more = projects.length > 5 ? ` and ${projects.length - 5} more` : '';
  return (
    `Nothing recorded${scope.phrase} ${scope.windowLabel} matches this question, so there is no answer in the memory. ` +
    `The ${count(windowTotal, 'milestone')} there ${windowTotal === 1 ? 'is' : 'are'} about other work, in ${joinAnd(shown)}${more}.`
  );
}

/**
 * The digest: one sentence with the count, then per project and branch the excerpts as sentences,
 * each citing [n]. Sources must already be in citation order: grouped by project and branch,
 * oldest first. `windowTotal` above the number of sources says only the most recent are shown.
 */
export function digestAnswer(sources: IntelligenceSource[], windowTotal: number, scope: AnswerScope): string {
  const projects = new Set(sources.map((s) => s.projectId));
  const recorded = `${windowTotal === 1 ? 'was' : 'were'} recorded${scope.phrase} ${scope.windowLabel}`;
  const first =
    windowTotal > sources.length
      ? `${count(windowTotal, 'milestone')} ${recorded}; the ${sources.length} most recent, across ${count(projects.size, 'project')}:`
      : `${count(sources.length, 'milestone')} ${recorded} across ${count(projects.size, 'project')}.`;
  const lines = [first];
  let index = 0;
  while (index < sources.length) {
    const head = sources[index]!;
    const group: Array<{ source: IntelligenceSource; number: number }> = [];
    while (index < sources.length && sources[index]!.projectId === head.projectId && sources[index]!.branchName === head.branchName) {
      group.push({ source: sources[index]!, number: index + 1 });
      index++;
    }
    const from = group[0]!.source.createdAt.slice(0, 10);
    const to = group[group.length - 1]!.source.createdAt.slice(0, 10);
    const span = from === to ? from : `${from} to ${to}`;
    const statements = group.map(({ source, number }) => `${sentence(source.excerpt)} [${number}].`);
    lines.push(`In ${head.projectId} on branch ${head.branchName} (${count(group.length, 'milestone')}, ${span}): ${statements.join(' ')}`);
  }
  return lines.join('\n');
}

/** An excerpt verbatim with its citation: "Text. [1]", or "Text [1]." when it ends without punctuation. */
function quoted(excerpt: string, number: number): string {
  return /[.!?]$/.test(excerpt) ? `${excerpt} [${number}]` : `${excerpt} [${number}].`;
}

/** An excerpt as a sentence body: without its closing punctuation, which the citation follows. */
function sentence(excerpt: string): string {
  return excerpt.replace(/[\s.!?;:,]+$/, '');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
