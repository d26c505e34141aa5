// `synapse contributors [add|show|remove]`: people and the agent ids acting for them.
import { clientOptions, createClient } from '../agent-context.js';
import { printJson } from '../cli-io.js';
import { intOption, listOption, stringOption, type CommandSpec } from '../command.js';
import { plural } from '../output/plural.js';
import { relativeTime } from '../output/relative-time.js';
import { formatTable } from '../output/table.js';
import { UsageError } from '../usage-error.js';
import { printMilestones } from './milestone-commands.js';

export const contributorCommands: CommandSpec[] = [
  {
    name: 'contributors',
    summary: 'List contributors and their agent ids.',
    options: clientOptions,
    async run({ values, io }) {
      const contributors = await createClient(io, values).contributors.list();
      if (values.json) printJson(io, contributors);
      else if (contributors.length === 0) io.stdout.write('no contributors yet: add one with `synapse contributors add ID --name NAME --agent AGENT`\n');
      else {
        io.stdout.write(formatTable(contributors, [
          { header: 'CONTRIBUTOR', value: (c) => c.contributorId },
          { header: 'NAME', value: (c) => c.displayName, maxWidth: 32 },
          { header: 'ROLE', value: (c) => c.role ?? '-' },
          { header: 'AGENTS', value: (c) => c.agentIds.join(', '), maxWidth: 60 },
          { header: 'UPDATED', value: (c) => relativeTime(c.updatedAt, io.now()) },
        ], io.palette.bold));
      }
      return 0;
    },
  },
  {
    name: 'contributors add',
    summary: 'Create or replace a contributor.',
    args: 'ID --name NAME --agent AGENT_ID... [--role ROLE]',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      name: { type: 'string', placeholder: 'NAME', description: 'display name (required)' },
      agent: { type: 'string', multiple: true, placeholder: 'AGENT_ID', description: 'an agent id acting for them' },
      role: { type: 'string', placeholder: 'ROLE', description: 'e.g. engineer, reviewer' },
    },
    examples: ['synapse contributors add ada --name "Ada Lovelace" --agent claude-ada --agent cursor-ada'],
    async run({ values, positionals, io }) {
      const displayName = stringOption(values, 'name');
      if (!displayName) throw new UsageError('contributors add needs --name NAME');
      const role = stringOption(values, 'role');
      const contributor = await createClient(io, values).contributors.upsert({
        contributorId: positionals[0]!,
        displayName,
        agentIds: listOption(values, 'agent') ?? [],
        ...(role ? { role } : {}),
      });
      if (values.json) printJson(io, contributor);
      else io.stdout.write(`saved contributor ${contributor.contributorId} (${contributor.displayName})\n`);
      return 0;
    },
  },
  {
    name: 'contributors show',
    summary: "Show a contributor's latest milestones across projects.",
    args: 'ID [--limit N]',
    positionals: [1, 1],
    options: { ...clientOptions, limit: { type: 'string', placeholder: 'N', description: 'milestones to show (default 50)' } },
    async run({ values, positionals, io }) {
      const limit = intOption(values, 'limit');
      const activity = await createClient(io, values).contributors.activity(positionals[0]!, limit !== undefined ? { limit } : {});
      if (values.json) {
        printJson(io, activity);
        return 0;
      }
      const { contributor } = activity;
      io.stdout.write(`${io.palette.bold(contributor.displayName)} (${contributor.contributorId}): ${plural(activity.totalMilestones, 'milestone')}\n\n`);
      if (activity.milestones.length > 0) printMilestones(io, activity.milestones);
      return 0;
    },
  },
  {
    name: 'contributors remove',
    summary: 'Delete a contributor (their milestones stay).',
    args: 'ID',
    positionals: [1, 1],
    options: clientOptions,
    async run({ values, positionals, io }) {
      await createClient(io, values).contributors.delete(positionals[0]!);
      if (values.json) printJson(io, { deleted: true, contributorId: positionals[0] });
      else io.stdout.write(`removed contributor ${positionals[0]}\n`);
      return 0;
    },
  },
];
