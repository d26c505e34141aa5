// What of a milestone is embedded for search by meaning: its thisContribution alone. Both
// branchPurpose and cumulativeProgress repeat across a branch's milestones and would make them
// all look alike (on the LoCoMo dev set adding branchPurpose lowers recall@10 from 0.716 to 0.713);
// the branch's story reaches the vector through the mix with the previous milestones instead.
import type { MilestoneDraft } from '../../../stores/ports/memory-store.js';

export function embeddingTextOf(milestone: Pick<MilestoneDraft, 'thisContribution'>): string {
  return milestone.thisContribution;
}
