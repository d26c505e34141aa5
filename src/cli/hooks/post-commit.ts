// `synapse hook post-commit` (a git hook): stores one milestone per commit, skipping merges; spooled
// when the gateway cannot take it now, and silent about problems (git shows the hook's output).
import { git, resolveBranch, resolveProjectId } from '../agent-context.js';
import type { CliIo } from '../cli-io.js';
import { hookAgentId, hookClient } from './hook-client.js';
import { deliverHookMilestone } from './hook-delivery.js';
import { clip } from './session-summary.js';

const FIELD = '%x1f';

export async function runPostCommit(io: CliIo, signal: AbortSignal): Promise<void> {
  const cwd = io.cwd;
  const raw = await git(['log', '-1', `--format=%H${FIELD}%P${FIELD}%an${FIELD}%ae${FIELD}%s${FIELD}%b`], cwd);
  if (!raw) throw new Error('not in a git repository with commits');
  const [sha = '', parents = '', author = '', email = '', subject = '', body = ''] = raw.split('\x1f');
  if (parents.trim().split(/\s+/).filter(Boolean).length > 1) return; // a merge commit: skipped
  const files = ((await git(['diff-tree', '--no-commit-id', '--name-only', '-r', '--root', 'HEAD'], cwd)) ?? '').split('\n').filter(Boolean);
  const projectId = await resolveProjectId(io.env, cwd);
  if (!projectId) throw new Error('no project: set SYNAPSE_PROJECT_ID or add a .synapse-project file');
  const branchName = await resolveBranch(io.env, cwd);
  const short = sha.slice(0, 7);
  const lines = [`Commit ${short} by ${author}: ${subject}`];
  if (body.trim()) lines.push('', body.trim());
  if (files.length > 0) lines.push('', `Files changed (${files.length}): ${files.slice(0, 50).join(', ')}${files.length > 50 ? ', …' : ''}`);
  const milestone = await deliverHookMilestone(
    io,
    'post-commit',
    hookClient(io),
    {
      projectId,
      branchName,
      thisContribution: clip(lines.join('\n'), 10_000),
      progressLine: `- ${short} ${clip(subject, 200)}`,
      agentId: hookAgentId(io, email ? `git:${email}` : 'git'),
      agentType: 'git',
    },
    signal,
  );
  if (milestone) io.stderr.write(`synapse: stored ${milestone.milestoneId} for commit ${short} on ${projectId}/${branchName}\n`);
}
