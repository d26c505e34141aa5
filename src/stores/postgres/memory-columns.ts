// Select lists of the memory tables on PostgreSQL, aliased to the store's camelCase field names so
// that rows come back as records; and the conversions the driver cannot do (vectors).

/** Every MilestoneRecord field, read from the milestones table under `alias`. */
export function milestoneColumns(alias = 'm'): string {
  return `${alias}.milestone_id AS "milestoneId", ${alias}.tenant_id AS "tenantId", ${alias}.project_id AS "projectId",
    ${alias}.branch_name AS "branchName", ${alias}.branch_purpose AS "branchPurpose",
    ${alias}.cumulative_progress AS "cumulativeProgress", ${alias}.this_contribution AS "thisContribution",
    ${alias}.content_hash AS "contentHash", ${alias}.sequence_number AS "sequenceNumber", ${alias}.agent_id AS "agentId",
    ${alias}.agent_type AS "agentType", ${alias}.kind, ${alias}.created_at AS "createdAt"`;
}

export const BRANCH_COLUMNS = `tenant_id AS "tenantId", project_id AS "projectId", branch_name AS "branchName",
  parent_branch AS "parentBranch", purpose, status, agent_id AS "agentId", created_at AS "createdAt",
  abandon_reason AS "abandonReason", merged_into AS "mergedInto"`;

export const LOG_COLUMNS = `entry_id AS "entryId", tenant_id AS "tenantId", project_id AS "projectId",
  branch_name AS "branchName", agent_id AS "agentId", phase, content, sequence_number AS "sequenceNumber",
  created_at AS "createdAt"`;

/**
 * A project with its milestone count and active branches. Its updatedAt is the later of its own and
 * its newest milestone's, computed here so that appends never write (and lock) the project row.
 */
export const PROJECT_SELECT = `SELECT p.tenant_id AS "tenantId", p.project_id AS "projectId", p.name, p.roadmap,
    p.created_at AS "createdAt",
    greatest(p.updated_at, (SELECT max(m.created_at) FROM memory_milestones m
      WHERE m.tenant_id = p.tenant_id AND m.project_id = p.project_id)) AS "updatedAt",
    (SELECT count(*) FROM memory_milestones m
      WHERE m.tenant_id = p.tenant_id AND m.project_id = p.project_id) AS "milestoneCount",
    ARRAY(SELECT b.branch_name FROM memory_branches b
      WHERE b.tenant_id = p.tenant_id AND b.project_id = p.project_id AND b.status = 'active'
      ORDER BY b.created_at, b.branch_name) AS "activeBranches"
  FROM memory_projects p`;

export function vectorToBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies, so the vector is aligned and does not alias the driver's buffer. */
export function bytesToVector(bytes: Buffer): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
