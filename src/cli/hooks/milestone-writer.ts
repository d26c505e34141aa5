// Stores a hook's milestone: the branch purpose and cumulative progress carried over from the
// branch's latest milestone, the project created on first use, under the milestone's idempotency
// key (so a repeat after a lost answer, or a spool delivery, stores it once).
import { ConflictError, NotFoundError, type Milestone, type Synapse } from '../../sdk/index.js';

const MAX_PROGRESS = 50_000;
const MAX_PURPOSE = 2_000;

export interface HookMilestone {
  projectId: string;
  branchName: string;
  thisContribution: string;
  /** Appended to the previous milestone's cumulativeProgress. */
  progressLine: string;
  agentId: string;
  agentType: string;
}

export async function storeHookMilestone(client: Synapse, input: HookMilestone, idempotencyKey: string, signal: AbortSignal): Promise<Milestone> {
  const options = { signal, idempotencyKey };
  const previous = await latestMilestone(client, input.projectId, input.branchName, signal);
  const branchPurpose = previous?.purpose || `Work on ${input.branchName}`;
  const body = {
    branchName: input.branchName,
    branchPurpose: branchPurpose.slice(0, MAX_PURPOSE),
    cumulativeProgress: appendProgress(previous?.progress ?? '', input.progressLine),
    thisContribution: input.thisContribution,
    agentId: input.agentId,
    agentType: input.agentType,
  };
  try {
    return await client.store(input.projectId, body, options);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await client.projects.create({ projectId: input.projectId, name: input.projectId, roadmap: '' }, { signal }).catch((created) => {
      if (!(created instanceof ConflictError)) throw created; // another hook run created it meanwhile
    });
    return client.store(input.projectId, body, options);
  }
}

/** The branch's purpose and latest cumulative progress, when the project and branch exist. */
async function latestMilestone(client: Synapse, projectId: string, branchName: string, signal: AbortSignal) {
  try {
    const context = await client.recall(projectId, { view: 'branch', branch: branchName, limit: 1 }, { signal });
    const latest = context.milestones?.[0];
    const branch = context.branches?.find((b) => b.branchName === branchName);
    return { purpose: branch?.purpose || latest?.branchPurpose || '', progress: latest?.cumulativeProgress ?? '' };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Appends a line, dropping the oldest lines when the SPEC's 50,000 characters would be passed. */
export function appendProgress(previous: string, line: string): string {
  let lines = [...previous.split('\n').filter((l) => l.trim()), line];
  while (lines.length > 1 && lines.join('\n').length > MAX_PROGRESS) lines = lines.slice(1);
  return lines.join('\n').slice(-MAX_PROGRESS);
}
