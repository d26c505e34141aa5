// BRANCH and MERGE: branches are created from a parent, listed, abandoned; a merge puts one
// milestone on the target that summarises the source and closes the source as `merged`.
import { SynapseError } from '../../errors.js';
import type { BranchRecord, MergeOutcome, MilestoneRecord } from '../../stores/ports/memory-store.js';
import { contentHashOf, isoTime, newMilestoneId } from './memory-ids.js';
import { MAIN_BRANCH, requireProject, type MemoryContext } from './project-service.js';

/** SPEC limits of the milestone fields the merge milestone fills. */
const MAX_CONTRIBUTION = 10_000;
const MAX_PROGRESS = 50_000;
const MAX_PURPOSE = 2_000;

/** Who a merge milestone names when the request names no agent. */
export const DEFAULT_MERGE_AGENT = 'synapse';

export interface MergeInput {
  sourceBranch: string;
  targetBranch?: string;
  /** Default empty. */
  mergeSummary?: string;
  /** Default DEFAULT_MERGE_AGENT. */
  agentId?: string;
}

export interface MergeResult {
  merged: true;
  milestonesMerged: number;
  mergeMilestoneId: string;
  sourceBranchStatus: 'merged';
  mergeMilestone: MilestoneRecord;
}

export class BranchService {
  constructor(private readonly ctx: MemoryContext) {}

  async createBranch(
    tenantId: string,
    projectId: string,
    input: { branchName: string; parentBranch?: string; purpose?: string; agentId?: string },
  ): Promise<BranchRecord> {
    await requireProject(this.ctx.store, tenantId, projectId);
    const parentBranch = input.parentBranch ?? MAIN_BRANCH;
    await this.getBranch(tenantId, projectId, parentBranch);
    const branch: BranchRecord = {
      tenantId,
      projectId,
      branchName: input.branchName,
      parentBranch,
      purpose: input.purpose ?? '',
      status: 'active',
      agentId: input.agentId ?? null,
      createdAt: isoTime(this.ctx.now()),
      abandonReason: null,
      mergedInto: null,
    };
    if (!(await this.ctx.store.createBranch(branch))) {
      throw new SynapseError('branch_exists', { branchName: input.branchName, projectId });
    }
    return branch;
  }

  async listBranches(tenantId: string, projectId: string): Promise<BranchRecord[]> {
    await requireProject(this.ctx.store, tenantId, projectId);
    return this.ctx.store.listBranches(tenantId, projectId);
  }

  async getBranch(tenantId: string, projectId: string, branchName: string): Promise<BranchRecord> {
    const branch = await this.ctx.store.getBranch(tenantId, projectId, branchName);
    if (branch) return branch;
    await requireProject(this.ctx.store, tenantId, projectId);
    throw new SynapseError('not_found', { what: `branch '${branchName}' in project '${projectId}'` });
  }

  async abandonBranch(tenantId: string, projectId: string, branchName: string, reason: string): Promise<BranchRecord> {
    const branch = await this.getBranch(tenantId, projectId, branchName);
    if (branchName === MAIN_BRANCH) {
      throw new SynapseError('validation_failed', { detail: 'branchName main cannot be abandoned' });
    }
    if (branch.status !== 'active' || !(await this.ctx.store.abandonBranch(tenantId, projectId, branchName, reason))) {
      const now = await this.getBranch(tenantId, projectId, branchName);
      throw new SynapseError('branch_closed', { branchName, status: now.status });
    }
    return this.getBranch(tenantId, projectId, branchName);
  }

  async merge(tenantId: string, projectId: string, input: MergeInput): Promise<MergeResult> {
    const targetBranch = input.targetBranch ?? MAIN_BRANCH;
    if (input.sourceBranch === targetBranch) {
      throw new SynapseError('validation_failed', { detail: 'sourceBranch must differ from targetBranch' });
    }
    const source = await this.getBranch(tenantId, projectId, input.sourceBranch);
    const target = await this.getBranch(tenantId, projectId, targetBranch);
    const [latest] = await this.ctx.store.listBranchMilestones(tenantId, projectId, source.branchName, { limit: 1, offset: 0 });
    const count = latest?.sequenceNumber ?? 0;
    const thisContribution = clip(
      `Merged branch '${source.branchName}' (${count} milestone${count === 1 ? '' : 's'}) into '${targetBranch}': ${input.mergeSummary ?? ''}`,
      MAX_CONTRIBUTION,
    );
    const branchPurpose = clip(target.purpose, MAX_PURPOSE);
    const cumulativeProgress = clip(latest?.cumulativeProgress ?? '', MAX_PROGRESS);
    const outcome = await this.ctx.store.mergeBranch({
      tenantId,
      projectId,
      sourceBranch: source.branchName,
      targetBranch,
      milestone: {
        tenantId,
        milestoneId: newMilestoneId(),
        projectId,
        branchName: targetBranch,
        branchPurpose,
        cumulativeProgress,
        thisContribution,
        contentHash: contentHashOf(branchPurpose, cumulativeProgress, thisContribution),
        agentId: input.agentId ?? DEFAULT_MERGE_AGENT,
        agentType: 'merge',
        kind: 'merge',
        createdAt: isoTime(this.ctx.now()),
      },
    });
    const merged = settleMerge(outcome, projectId);
    await this.ctx.search.indexMilestone(merged.milestone);
    return {
      merged: true,
      milestonesMerged: merged.milestonesMerged,
      mergeMilestoneId: merged.milestone.milestoneId,
      sourceBranchStatus: 'merged',
      mergeMilestone: merged.milestone,
    };
  }
}

function settleMerge(outcome: MergeOutcome, projectId: string): { milestone: MilestoneRecord; milestonesMerged: number } {
  switch (outcome.outcome) {
    case 'merged':
      return outcome;
    case 'project_missing':
      throw new SynapseError('not_found', { what: `project '${projectId}'` });
    case 'branch_missing':
      throw new SynapseError('not_found', { what: `branch '${outcome.branchName}' in project '${projectId}'` });
    case 'branch_closed':
      throw new SynapseError('branch_closed', { branchName: outcome.branchName, status: outcome.status });
  }
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, cut);
}
