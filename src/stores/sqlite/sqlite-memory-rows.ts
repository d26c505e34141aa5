// Row shapes of the memory tables and their mapping to the store's records.
import type {
  BranchRecord,
  BranchStatus,
  LogEntryRecord,
  LogPhase,
  MilestoneKind,
  MilestoneRecord,
  ProjectSummary,
} from '../ports/memory-store.js';

export interface ProjectRow {
  tenant_id: string;
  project_id: string;
  name: string;
  roadmap: string;
  created_at: string;
  updated_at: string;
  milestone_count: number;
  active_branches: string;
}

export interface BranchRow {
  tenant_id: string;
  project_id: string;
  branch_name: string;
  parent_branch: string | null;
  purpose: string;
  status: BranchStatus;
  agent_id: string | null;
  created_at: string;
  abandon_reason: string | null;
  merged_into: string | null;
}

export interface MilestoneRow {
  id: number;
  milestone_id: string;
  tenant_id: string;
  project_id: string;
  branch_name: string;
  branch_purpose: string;
  cumulative_progress: string;
  this_contribution: string;
  content_hash: string;
  sequence_number: number;
  agent_id: string;
  agent_type: string;
  kind: MilestoneKind;
  created_at: string;
}

export interface LogRow {
  entry_id: string;
  tenant_id: string;
  project_id: string;
  branch_name: string;
  agent_id: string;
  phase: LogPhase;
  content: string;
  sequence_number: number;
  created_at: string;
}

export function toProject(row: ProjectRow): ProjectSummary {
  return {
    tenantId: row.tenant_id,
    projectId: row.project_id,
    name: row.name,
    roadmap: row.roadmap,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    milestoneCount: row.milestone_count,
    activeBranches: JSON.parse(row.active_branches) as string[],
  };
}

export function toBranch(row: BranchRow): BranchRecord {
  return {
    tenantId: row.tenant_id,
    projectId: row.project_id,
    branchName: row.branch_name,
    parentBranch: row.parent_branch,
    purpose: row.purpose,
    status: row.status,
    agentId: row.agent_id,
    createdAt: row.created_at,
    abandonReason: row.abandon_reason,
    mergedInto: row.merged_into,
  };
}

export function branchParams(branch: BranchRecord): Record<string, unknown> {
  return {
    tenantId: branch.tenantId,
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

export function toMilestone(row: MilestoneRow): MilestoneRecord {
  return {
    tenantId: row.tenant_id,
    milestoneId: row.milestone_id,
    projectId: row.project_id,
    branchName: row.branch_name,
    branchPurpose: row.branch_purpose,
    cumulativeProgress: row.cumulative_progress,
    thisContribution: row.this_contribution,
    contentHash: row.content_hash,
    sequenceNumber: row.sequence_number,
    agentId: row.agent_id,
    agentType: row.agent_type,
    kind: row.kind,
    createdAt: row.created_at,
  };
}

export function toLogEntry(row: LogRow): LogEntryRecord {
  return {
    tenantId: row.tenant_id,
    entryId: row.entry_id,
    projectId: row.project_id,
    branchName: row.branch_name,
    agentId: row.agent_id,
    phase: row.phase,
    content: row.content,
    sequenceNumber: row.sequence_number,
    createdAt: row.created_at,
  };
}

export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies, so the vector is aligned and does not alias SQLite's buffer. */
export function blobToVector(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}
