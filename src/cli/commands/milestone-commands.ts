// `synapse store`, `synapse recall` and `synapse log`: COMMIT, CONTEXT and the OTA log.
import type { LogEntry, LogPhase, Milestone, RecallQuery, RecallView } from '../../sdk/index.js';
import { agentIdOf, agentOption, branchOf, branchOptions, clientOptions, createClient, projectOptions, requireProjectId } from '../agent-context.js';
import { printJson, type CliIo } from '../cli-io.js';
import { intOption, stringOption, type CommandSpec } from '../command.js';
import { relativeTime } from '../output/relative-time.js';
import { formatTable } from '../output/table.js';
import { UsageError } from '../usage-error.js';

const VIEWS: readonly RecallView[] = ['overview', 'branch', 'milestone', 'log', 'metadata'];
const PHASES: readonly LogPhase[] = ['observation', 'thought', 'action'];

export const milestoneCommands: CommandSpec[] = [
  {
    name: 'store',
    summary: 'Store a milestone (what this step contributed) on a branch.',
    args: 'CONTRIBUTION [--purpose TEXT] [--progress TEXT]',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      ...projectOptions,
      ...branchOptions,
      ...agentOption,
      purpose: { type: 'string', placeholder: 'TEXT', description: 'what the branch is for (branchPurpose)' },
      progress: { type: 'string', placeholder: 'TEXT', description: 'everything achieved so far (cumulativeProgress)' },
      'agent-type': { type: 'string', placeholder: 'TYPE', description: 'agent type (default custom)' },
    },
    examples: ['synapse store "Implemented rate limiting middleware" --purpose "Core features" -p my-project'],
    async run({ values, positionals, io }) {
      const projectId = await requireProjectId(io, values);
      const milestone = await createClient(io, values).store(projectId, {
        branchName: await branchOf(io, values),
        thisContribution: positionals[0]!,
        agentId: agentIdOf(io, values),
        agentType: stringOption(values, 'agent-type') ?? 'custom',
        ...optional('branchPurpose', stringOption(values, 'purpose')),
        ...optional('cumulativeProgress', stringOption(values, 'progress')),
      });
      if (values.json) printJson(io, milestone);
      else io.stdout.write(`stored ${milestone.milestoneId} as #${milestone.sequenceNumber} on ${projectId}/${milestone.branchName}\n`);
      return 0;
    },
  },
  {
    name: 'recall',
    summary: "Recall a project's context: overview, a branch's milestones, one milestone, the log, or metadata.",
    args: '[--view VIEW] [--limit N]',
    options: {
      ...clientOptions,
      ...projectOptions,
      ...branchOptions,
      view: { type: 'string', placeholder: 'VIEW', description: 'overview | branch | milestone | log | metadata (default branch)' },
      milestone: { type: 'string', placeholder: 'ID', description: 'the milestone id (view milestone)' },
      segment: { type: 'string', placeholder: 'SEG', description: 'roadmap | branches | stats | agents (view metadata)' },
      limit: { type: 'string', placeholder: 'N', description: 'how many items' },
      offset: { type: 'string', placeholder: 'N', description: 'skip this many items' },
    },
    examples: ['synapse recall', 'synapse recall --view overview --json', 'synapse recall --view milestone --milestone ms-...'],
    async run({ values, io }) {
      const view = (stringOption(values, 'view') ?? (values.milestone ? 'milestone' : 'branch')) as RecallView;
      if (!VIEWS.includes(view)) throw new UsageError(`--view must be one of ${VIEWS.join(', ')}`);
      const projectId = await requireProjectId(io, values);
      const query: RecallQuery = { view, branch: await branchOf(io, values) };
      if (values.milestone) query.milestoneId = stringOption(values, 'milestone')!;
      if (values.segment) query.segment = stringOption(values, 'segment') as RecallQuery['segment'] & string;
      const limit = intOption(values, 'limit');
      const offset = intOption(values, 'offset');
      if (limit !== undefined) query.limit = limit;
      if (offset !== undefined) query.offset = offset;
      const context = await createClient(io, values).recall(projectId, query);
      if (values.json) {
        printJson(io, context);
        return 0;
      }
      io.stdout.write(`${io.palette.bold(context.project.name)} (${context.project.projectId}), view ${context.view}\n\n`);
      if (context.milestones?.length) printMilestones(io, context.milestones, view === 'milestone');
      if (context.logEntries?.length) printLog(io, context.logEntries);
      if (context.branches?.length && view !== 'branch') {
        io.stdout.write(formatTable(context.branches, [
          { header: 'BRANCH', value: (b) => b.branchName },
          { header: 'STATUS', value: (b) => b.status },
          { header: 'PURPOSE', value: (b) => b.purpose, maxWidth: 60 },
        ], io.palette.bold));
      }
      if (context.metadata !== undefined) io.stdout.write(JSON.stringify(context.metadata, null, 2) + '\n');
      if (!context.milestones?.length && !context.logEntries?.length && !context.branches?.length && context.metadata === undefined) {
        io.stdout.write('nothing recorded yet\n');
      }
      return 0;
    },
  },
  {
    name: 'log',
    summary: "Append an observation, thought or action to the branch's log; without CONTENT, show the log.",
    args: '[CONTENT] [--phase PHASE]',
    positionals: [0, 1],
    options: {
      ...clientOptions,
      ...projectOptions,
      ...branchOptions,
      ...agentOption,
      phase: { type: 'string', placeholder: 'PHASE', description: 'observation | thought | action (default observation)' },
      limit: { type: 'string', placeholder: 'N', description: 'entries to show (default 20)' },
    },
    examples: ['synapse log "Tests fail only on CI" --phase observation', 'synapse log --limit 5'],
    async run({ values, positionals, io }) {
      const projectId = await requireProjectId(io, values);
      const branchName = await branchOf(io, values);
      const client = createClient(io, values);
      if (positionals[0] === undefined) {
        const limit = intOption(values, 'limit');
        const context = await client.recall(projectId, { view: 'log', branch: branchName, ...(limit ? { limit } : {}) });
        if (values.json) printJson(io, context.logEntries ?? []);
        else if (context.logEntries?.length) printLog(io, context.logEntries);
        else io.stdout.write('the log is empty\n');
        return 0;
      }
      const phase = (stringOption(values, 'phase') ?? 'observation') as LogPhase;
      if (!PHASES.includes(phase)) throw new UsageError(`--phase must be one of ${PHASES.join(', ')}`);
      const entry = await client.log(projectId, { branchName, agentId: agentIdOf(io, values), phase, content: positionals[0] });
      if (values.json) printJson(io, entry);
      else io.stdout.write(`logged ${entry.entryId} (${entry.phase}) as #${entry.sequenceNumber} on ${projectId}/${entry.branchName}\n`);
      return 0;
    },
  },
];

export function printMilestones(io: CliIo, milestones: Milestone[], full = false): void {
  const now = io.now();
  if (full) {
    for (const m of milestones) {
      io.stdout.write(`${io.palette.bold(m.milestoneId)}  #${m.sequenceNumber} on ${m.branchName} by ${m.agentId}, ${relativeTime(m.createdAt, now)}\n`);
      io.stdout.write(`purpose:      ${m.branchPurpose}\nprogress:     ${m.cumulativeProgress}\ncontribution: ${m.thisContribution}\n`);
    }
    return;
  }
  io.stdout.write(formatTable(milestones, [
    { header: '#', value: (m) => String(m.sequenceNumber) },
    { header: 'WHEN', value: (m) => relativeTime(m.createdAt, now), style: (t) => io.palette.dim(t) },
    { header: 'PROJECT/BRANCH', value: (m) => `${m.projectId}/${m.branchName}` },
    { header: 'AGENT', value: (m) => m.agentId, maxWidth: 20 },
    { header: 'CONTRIBUTION', value: (m) => m.thisContribution, maxWidth: 80 },
  ], io.palette.bold));
}

function printLog(io: CliIo, entries: LogEntry[]): void {
  const now = io.now();
  io.stdout.write(formatTable(entries, [
    { header: '#', value: (e) => String(e.sequenceNumber) },
    { header: 'WHEN', value: (e) => relativeTime(e.createdAt, now), style: (t) => io.palette.dim(t) },
    { header: 'PHASE', value: (e) => e.phase },
    { header: 'AGENT', value: (e) => e.agentId, maxWidth: 20 },
    { header: 'CONTENT', value: (e) => e.content ?? '', maxWidth: 80 },
  ], io.palette.bold));
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
