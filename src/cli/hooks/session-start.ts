// `synapse hook session-start`: prints the project's roadmap, the branch's progress and latest
// milestones, and the open branches, as context for the agent (Claude Code injects stdout); then
// delivers milestones earlier hooks spooled.
import { NotFoundError, type Branch, type Milestone, type RecallResponse, type Synapse } from '../../sdk/index.js';
import { resolveBranch, resolveProjectId } from '../agent-context.js';
import type { CliIo } from '../cli-io.js';
import { relativeTime } from '../output/relative-time.js';
import { reportHookProblem } from './fail-open.js';
import { hookClient, hookSpool } from './hook-client.js';
import { deliverSpooled } from './hook-delivery.js';
import type { HookPayload } from './hook-payload.js';
import { clip, oneLine } from './session-summary.js';

const LATEST = 5;

export async function runSessionStart(io: CliIo, payload: HookPayload, signal: AbortSignal): Promise<void> {
  const cwd = payload.cwd ?? io.cwd;
  const projectId = await resolveProjectId(io.env, cwd);
  if (!projectId) throw new Error('no project: set SYNAPSE_PROJECT_ID or add a .synapse-project file');
  const branchName = await resolveBranch(io.env, cwd);
  const client = hookClient(io);
  let overview: RecallResponse;
  try {
    overview = await client.recall(projectId, { view: 'overview' }, { signal });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    io.stdout.write(`Synapse memory: project '${projectId}' has no memory yet; this session's work is stored when it ends.\n`);
    return deliverEarlierMilestones(io, client, signal);
  }
  const milestones = await branchMilestones(projectId, branchName, signal, client);
  io.stdout.write(formatContext(overview, branchName, milestones, io.now()));
  return deliverEarlierMilestones(io, client, signal);
}

/** The gateway answers: a good moment to deliver what earlier hooks spooled (reported on stderr only). */
async function deliverEarlierMilestones(io: CliIo, client: Synapse, signal: AbortSignal): Promise<void> {
  try {
    await deliverSpooled(io, 'session-start', client, hookSpool(io, client.baseUrl), signal);
  } catch (error) {
    await reportHookProblem(io, 'session-start', `could not deliver spooled milestones (${(error as Error).message})`);
  }
}

async function branchMilestones(projectId: string, branch: string, signal: AbortSignal, client: ReturnType<typeof hookClient>): Promise<Milestone[]> {
  try {
    return (await client.recall(projectId, { view: 'branch', branch, limit: LATEST }, { signal })).milestones ?? [];
  } catch (error) {
    if (error instanceof NotFoundError) return []; // the git branch has no memory branch yet
    throw error;
  }
}

export function formatContext(overview: RecallResponse, branchName: string, milestones: Milestone[], now: number): string {
  const { project } = overview;
  const lines = [`<synapse-memory project="${project.projectId}" branch="${branchName}">`, `# ${project.name}: shared memory from earlier sessions`];
  if (project.roadmap.trim()) lines.push('', '## Roadmap', clip(project.roadmap.trim(), 3_000));
  const latest = milestones[0];
  if (latest?.branchPurpose) lines.push('', `## Branch ${branchName}`, `Purpose: ${clip(oneLine(latest.branchPurpose), 500)}`);
  if (latest?.cumulativeProgress.trim()) lines.push('', '## Progress so far', clip(latest.cumulativeProgress.trim().split('\n').slice(-15).join('\n'), 3_000));
  if (milestones.length > 0) {
    lines.push('', `## Latest milestones on ${branchName} (newest first)`);
    for (const m of milestones) {
      lines.push(`- #${m.sequenceNumber} ${relativeTime(m.createdAt, now)} by ${m.agentId}: ${clip(oneLine(m.thisContribution), 400)}`);
    }
  } else {
    lines.push('', `No milestones on branch ${branchName} yet.`);
  }
  const open = (overview.branches ?? []).filter((b: Branch) => b.status === 'active' && b.branchName !== branchName);
  if (open.length > 0) {
    lines.push('', '## Other open branches');
    for (const b of open) lines.push(`- ${b.branchName}${b.parentBranch ? ` (from ${b.parentBranch})` : ''}${b.purpose ? `: ${clip(oneLine(b.purpose), 200)}` : ''}`);
  }
  lines.push('</synapse-memory>');
  return lines.join('\n') + '\n';
}
