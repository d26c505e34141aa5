// Source excerpts: always a verbatim substring of the milestone's own text (thisContribution),
// cut at a word boundary when long, so an answer can never quote what was not recorded.
import type { MilestoneRecord } from '../../../stores/ports/memory-store.js';

export const EXCERPT_CHARS = 280;

export function excerptOf(milestone: MilestoneRecord): string {
  const text = milestone.thisContribution.trim();
  if (text.length <= EXCERPT_CHARS) return text;
  const cut = text.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  const excerpt = (space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd();
  // Never end on half a surrogate pair.
  return /[\uD800-\uDBFF]$/.test(excerpt) ? excerpt.slice(0, -1) : excerpt;
}
