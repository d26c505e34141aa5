// The memory API's public shapes, built from store records and domain results (tenant ids and
// internal columns are left out where the SPEC does not show them).
import type {
  BranchRecord,
  LogEntryRecord,
  MilestoneRecord,
  ProjectSummary,
} from '../../../stores/ports/memory-store.js';
import type { ContributorRecord } from '../../../stores/ports/contributor-store.js';
import type { Recall } from '../../../domain/memory/recall-service.js';

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
    contentHash: milestone.contentHash,
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
    agentId: branch.agentId,
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
    displayName: contributor.displayName,
    agentIds: contributor.agentIds,
    role: contributor.role,
    createdAt: contributor.createdAt,
    updatedAt: contributor.updatedAt,
  };
}

/** A recall as answered: the branch and log views leave out an empty list (SPEC: "empty fields omitted"). */
export function recallView(recall: Recall): Record<string, unknown> {
  const view: Record<string, unknown> = { project: projectView(recall.project), view: recall.view };
  if (recall.branches) view.branches = recall.branches.map(branchView);
  if (recall.milestones) view.milestones = recall.milestones.map(milestoneView);
  if (recall.logEntries) view.logEntries = recall.logEntries.map((entry) => logEntryView(entry, true));
  if (recall.metadata) view.metadata = recall.metadata;
  return recall.view === 'branch' || recall.view === 'log' ? omitEmpty(view) : view;
}

function omitEmpty(response: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response).filter(([, value]) => !(Array.isArray(value) && value.length === 0)));
}
