// `synapse hook session-end` and `synapse hook pre-compact`: read the session transcript and store
// a milestone of what the session did (a checkpoint before compaction), spooled when the gateway
// cannot take it now.
import { resolveBranch, resolveProjectId } from '../agent-context.js';
import type { CliIo } from '../cli-io.js';
import { hookAgentId, hookClient } from './hook-client.js';
import { deliverHookMilestone } from './hook-delivery.js';
import type { HookPayload } from './hook-payload.js';
import { extractiveContribution, isEmptySession, llmContribution, progressLine } from './session-summary.js';
import { readTranscript } from './transcript-digest.js';

export type CheckpointEvent = 'session-end' | 'pre-compact';

export async function runSessionCheckpoint(io: CliIo, event: CheckpointEvent, payload: HookPayload, signal: AbortSignal): Promise<void> {
  if (!payload.transcript_path) throw new Error('no transcript_path in the hook input');
  const cwd = payload.cwd ?? io.cwd;
  const digest = await readTranscript(payload.transcript_path, cwd);
  if (isEmptySession(digest)) return; // nothing happened: no milestone
  const projectId = await resolveProjectId(io.env, cwd);
  if (!projectId) throw new Error('no project: set SYNAPSE_PROJECT_ID or add a .synapse-project file');
  const branchName = await resolveBranch(io.env, cwd);
  const session = payload.session_id ? ` ${payload.session_id.slice(0, 8)}` : '';
  const heading = event === 'pre-compact' ? `Checkpoint before compaction of session${session}` : `Session${session}`;
  const client = hookClient(io);
  const model = io.env.SYNAPSE_SUMMARY_MODEL?.trim();
  const written = model ? await llmContribution(client, model, digest, heading, signal) : undefined;
  const at = digest.endedAt ?? new Date(io.now()).toISOString();
  const milestone = await deliverHookMilestone(
    io,
    event,
    client,
    {
      projectId,
      branchName,
      thisContribution: written ?? extractiveContribution(digest, heading),
      progressLine: progressLine(digest, at),
      agentId: hookAgentId(io, 'claude-code'),
      agentType: 'claude-code',
    },
    signal,
  );
  if (milestone) io.stderr.write(`synapse: stored ${milestone.milestoneId} (#${milestone.sequenceNumber}) on ${projectId}/${branchName}\n`);
}
