// `synapse branch create|list|abandon` and `synapse merge`.
import type { Branch } from '../../sdk/index.js';
import { agentIdOf, agentOption, clientOptions, createClient, projectOptions, requireProjectId } from '../agent-context.js';
import { printJson, type CliIo } from '../cli-io.js';
import { stringOption, type CommandSpec } from '../command.js';
import { plural } from '../output/plural.js';
import { relativeTime } from '../output/relative-time.js';
import { formatTable } from '../output/table.js';
import { UsageError } from '../usage-error.js';

export const branchCommands: CommandSpec[] = [
  {
    name: 'branch create',
    summary: 'Create a memory branch from a parent (default main).',
    args: 'NAME [--purpose TEXT] [--from PARENT]',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      ...projectOptions,
      ...agentOption,
      purpose: { type: 'string', placeholder: 'TEXT', description: 'what the branch is for' },
      from: { type: 'string', placeholder: 'PARENT', description: 'parent branch (default main)' },
    },
    examples: ['synapse branch create feature/auth --purpose "Add OAuth login"'],
    async run({ values, positionals, io }) {
      const projectId = await requireProjectId(io, values);
      const branch = await createClient(io, values).branches.create(projectId, {
        branchName: positionals[0]!,
        parentBranch: stringOption(values, 'from') ?? 'main',
        purpose: stringOption(values, 'purpose') ?? '',
        agentId: agentIdOf(io, values),
      });
      if (values.json) printJson(io, branch);
      else io.stdout.write(`created branch ${branch.branchName} from ${branch.parentBranch} in ${projectId}\n`);
      return 0;
    },
  },
  {
    name: 'branch list',
    summary: "List the project's branches with their status.",
    options: { ...clientOptions, ...projectOptions },
    async run({ values, io }) {
      const projectId = await requireProjectId(io, values);
      const branches = await createClient(io, values).branches.list(projectId);
      if (values.json) printJson(io, branches);
      else printBranches(io, branches);
      return 0;
    },
  },
  {
    name: 'branch abandon',
    summary: 'Abandon a branch: it accepts no more milestones.',
    args: 'NAME [--reason TEXT]',
    positionals: [1, 1],
    options: { ...clientOptions, ...projectOptions, reason: { type: 'string', placeholder: 'TEXT', description: 'why' } },
    async run({ values, positionals, io }) {
      const projectId = await requireProjectId(io, values);
      const branch = await createClient(io, values).branches.abandon(projectId, positionals[0]!, stringOption(values, 'reason') ?? '');
      if (values.json) printJson(io, branch);
      else io.stdout.write(`abandoned branch ${branch.branchName} in ${projectId}\n`);
      return 0;
    },
  },
  {
    name: 'merge',
    summary: 'Merge a branch into another (default main) with one summarising milestone.',
    args: 'SOURCE --summary TEXT [--into TARGET]',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      ...projectOptions,
      ...agentOption,
      summary: { type: 'string', placeholder: 'TEXT', description: 'what the branch achieved (required)' },
      into: { type: 'string', placeholder: 'TARGET', description: 'target branch (default main)' },
    },
    examples: ['synapse merge feature/auth --summary "OAuth login with Google and GitHub"'],
    async run({ values, positionals, io }) {
      const mergeSummary = stringOption(values, 'summary');
      if (!mergeSummary) throw new UsageError('merge needs --summary TEXT');
      const projectId = await requireProjectId(io, values);
      const result = await createClient(io, values).merge(projectId, {
        sourceBranch: positionals[0]!,
        targetBranch: stringOption(values, 'into') ?? 'main',
        mergeSummary,
        agentId: agentIdOf(io, values),
      });
      if (values.json) printJson(io, result);
      else io.stdout.write(`merged ${positionals[0]} into ${stringOption(values, 'into') ?? 'main'}: ${plural(result.milestonesMerged, 'milestone')}, merge milestone ${result.mergeMilestoneId}\n`);
      return 0;
    },
  },
];

function printBranches(io: CliIo, branches: Branch[]): void {
  const now = io.now();
  const statusStyle = (text: string, branch: Branch) =>
    branch.status === 'active' ? io.palette.green(text) : branch.status === 'merged' ? io.palette.cyan(text) : io.palette.dim(text);
  io.stdout.write(formatTable(branches, [
    { header: 'BRANCH', value: (b) => b.branchName },
    { header: 'STATUS', value: (b) => b.status, style: statusStyle },
    { header: 'PARENT', value: (b) => b.parentBranch ?? '-' },
    { header: 'CREATED', value: (b) => relativeTime(b.createdAt, now) },
    { header: 'PURPOSE', value: (b) => b.purpose || b.abandonReason || '', maxWidth: 60 },
  ], io.palette.bold));
}
