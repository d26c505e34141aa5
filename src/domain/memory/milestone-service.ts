// COMMIT: storing milestones. A missing branch is created from main in the same transaction; a
// merged or abandoned branch refuses; identical content on a branch, or a repeated idempotency
// key in the project, returns the existing milestone.
import { SynapseError } from '../../errors.js';
import type { AppendOutcome, MilestoneKind, MilestoneRecord } from '../../stores/ports/memory-store.js';
import { contentHashOf, isoTime, newMilestoneId } from './memory-ids.js';
import { MAIN_BRANCH, type MemoryContext } from './project-service.js';

export interface StoreMilestoneInput {
  branchName?: string;
  branchPurpose?: string;
  cumulativeProgress?: string;
  thisContribution: string;
  agentId: string;
  agentType?: string;
  /** The client's Idempotency-Key: a repeat returns the milestone first stored with it. */
  idempotencyKey?: string;
}

export interface StoredMilestone {
  milestone: MilestoneRecord;
  /** False when identical content was already on the branch, or the key was used before. */
  created: boolean;
  /** True when the milestone is the one stored earlier with the same idempotency key. */
  replayed: boolean;
}

export class MilestoneService {
  constructor(private readonly ctx: MemoryContext) {}

  async storeMilestone(tenantId: string, projectId: string, input: StoreMilestoneInput, kind: MilestoneKind = 'commit'): Promise<StoredMilestone> {
    const branchName = input.branchName ?? MAIN_BRANCH;
    const branchPurpose = input.branchPurpose ?? '';
    const cumulativeProgress = input.cumulativeProgress ?? '';
    const at = isoTime(this.ctx.now());
    const outcome = await this.ctx.store.appendMilestone({
      milestone: {
        tenantId,
        milestoneId: newMilestoneId(),
        projectId,
        branchName,
        branchPurpose,
        cumulativeProgress,
        thisContribution: input.thisContribution,
        contentHash: contentHashOf(branchPurpose, cumulativeProgress, input.thisContribution),
        agentId: input.agentId,
        agentType: input.agentType ?? 'custom',
        kind,
        createdAt: at,
      },
      createBranch: {
        tenantId,
        projectId,
        branchName,
        parentBranch: MAIN_BRANCH,
        purpose: branchPurpose,
        status: 'active',
        agentId: input.agentId,
        createdAt: at,
        abandonReason: null,
        mergedInto: null,
      },
      ...(input.idempotencyKey === undefined ? {} : { idempotencyKey: input.idempotencyKey }),
    });
    const milestone = settle(outcome, projectId, branchName);
    const created = outcome.outcome === 'created';
    if (created) await this.ctx.search.indexMilestone(milestone);
    return { milestone, created, replayed: outcome.outcome === 'replayed' };
  }

  async getMilestone(tenantId: string, projectId: string, milestoneId: string): Promise<MilestoneRecord> {
    const milestone = await this.ctx.store.getMilestone(tenantId, projectId, milestoneId);
    if (!milestone) throw new SynapseError('not_found', { what: `milestone '${milestoneId}' in project '${projectId}'` });
    return milestone;
  }
}

function settle(outcome: AppendOutcome, projectId: string, branchName: string): MilestoneRecord {
  switch (outcome.outcome) {
    case 'created':
    case 'duplicate':
    case 'replayed':
      return outcome.milestone;
    case 'project_missing':
      throw new SynapseError('not_found', { what: `project '${projectId}'` });
    case 'branch_missing':
      throw new SynapseError('not_found', { what: `branch '${branchName}' in project '${projectId}'` });
    case 'branch_closed':
      throw new SynapseError('branch_closed', { branchName, status: outcome.status });
  }
}
