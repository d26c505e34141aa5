// The answer without an LLM: the sources grouped by project and branch, restated as plain
// sentences that cite them. Deterministic, and it says nothing the sources do not say.
import type { IntelligenceSource } from './intelligence-types.js';

export function noActivityAnswer(windowLabel: string, contributorFilter?: string): string {
  const who = contributorFilter ? ` for ${contributorFilter}` : '';
  return `No recorded activity${who} was found ${windowLabel}, so there is nothing to answer from.`;
}

/** Sources must already be in citation order: grouped by project and branch, oldest first. */
export function extractiveAnswer(sources: IntelligenceSource[], windowLabel: string): string {
  const projects = new Set(sources.map((s) => s.projectId));
  const lines = [
    `${count(sources.length, 'milestone')} ${sources.length === 1 ? 'was' : 'were'} recorded ${windowLabel} across ${count(projects.size, 'project')}.`,
  ];
  let index = 0;
  while (index < sources.length) {
    const first = sources[index]!;
    const group: Array<{ source: IntelligenceSource; number: number }> = [];
    while (index < sources.length && sources[index]!.projectId === first.projectId && sources[index]!.branchName === first.branchName) {
      group.push({ source: sources[index]!, number: index + 1 });
      index++;
    }
    const from = group[0]!.source.createdAt.slice(0, 10);
    const to = group[group.length - 1]!.source.createdAt.slice(0, 10);
    const span = from === to ? from : `${from} to ${to}`;
    const statements = group.map(({ source, number }) => `${source.excerpt.replace(/[\s.!?;:,]+$/, '')} [${number}].`);
    lines.push(`In ${first.projectId} on branch ${first.branchName} (${count(group.length, 'milestone')}, ${span}): ${statements.join(' ')}`);
  }
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
