// The memory API's public shapes, built from store records and domain results (tenant ids and
// internal columns are left out where the SPEC does not show them).
import type {
  BranchRecord,
  LogEntryRecord,
  MilestoneRecord,
  ProjectSummary,
} from '../../../stores/ports/memory-store.js';
import type { ContributorRecord } from '../../../stores/ports/contributor-store.js';
import { wireContentHash } from '../../../domain/memory/memory-ids.js';
import { MAIN_AGENT_ID, MAIN_BRANCH } from '../../../domain/memory/project-service.js';
import type { Recall, RecallMetadata, RecallView } from '../../../domain/memory/recall-service.js';

export function projectView(project: ProjectSummary) {
  return {
    projectId: project.projectId,
    tenantId: project.tenantId,
    name: project.name,
    roadmap: project.roadmap,
    milestoneCount: project.milestoneCount,
    activeBranches: project.activeBranches,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

export type MilestoneView = ReturnType<typeof milestoneView>;

export function milestoneView(milestone: MilestoneRecord) {
  return {
    milestoneId: milestone.milestoneId,
    projectId: milestone.projectId,
    branchName: milestone.branchName,
    branchPurpose: milestone.branchPurpose,
    cumulativeProgress: milestone.cumulativeProgress,
    thisContribution: milestone.thisContribution,
    contentHash: wireContentHash(milestone.contentHash),
    sequenceNumber: milestone.sequenceNumber,
    agentId: milestone.agentId,
    agentType: milestone.agentType,
    kind: milestone.kind,
    createdAt: milestone.createdAt,
  };
}

export function branchView(branch: BranchRecord) {
  return {
    projectId: branch.projectId,
    branchName: branch.branchName,
    parentBranch: branch.parentBranch,
    purpose: branch.purpose,
    status: branch.status,
    // Projects created before main had an agent id stored null for it.
    agentId: branch.agentId ?? (branch.branchName === MAIN_BRANCH && branch.parentBranch === null ? MAIN_AGENT_ID : null),
    createdAt: branch.createdAt,
    abandonReason: branch.abandonReason,
    mergedInto: branch.mergedInto,
  };
}

export function logEntryView(entry: LogEntryRecord, withContent: boolean) {
  return {
    entryId: entry.entryId,
    projectId: entry.projectId,
    branchName: entry.branchName,
    agentId: entry.agentId,
    phase: entry.phase,
    sequenceNumber: entry.sequenceNumber,
    ...(withContent ? { content: entry.content } : {}),
    createdAt: entry.createdAt,
  };
}

export function contributorView(contributor: ContributorRecord) {
  return {
    contributorId: contributor.contributorId,
    tenantId: contributor.tenantId,
    displayName: contributor.displayName,
    agentIds: contributor.agentIds,
    role: contributor.role,
    createdAt: contributor.createdAt,
    updatedAt: contributor.updatedAt,
  };
}

/** A recall as answered. */
export interface RecallAnswer {
  project: ReturnType<typeof projectView>;
  view: RecallView;
  branches?: Array<ReturnType<typeof branchView>>;
  milestones?: MilestoneView[];
  logEntries?: Array<ReturnType<typeof logEntryView>>;
  metadata?: RecallMetadata;
}

/** A recall as answered: the branch and log views leave out an empty list (SPEC: "empty fields omitted"). */
export function recallView(recall: Recall): RecallAnswer {
  const keep = <T>(list: T[] | undefined) => list !== undefined && (list.length > 0 || (recall.view !== 'branch' && recall.view !== 'log'));
  return {
    project: projectView(recall.project),
    view: recall.view,
    ...(keep(recall.branches) ? { branches: recall.branches!.map(branchView) } : {}),
    ...(keep(recall.milestones) ? { milestones: recall.milestones!.map(milestoneView) } : {}),
    ...(keep(recall.logEntries) ? { logEntries: recall.logEntries!.map((entry) => logEntryView(entry, true)) } : {}),
    ...(recall.metadata ? { metadata: recall.metadata } : {}),
  };
}
