// `synapse search` (milestones by meaning and words) and `synapse ask` (the intelligence query).
import { clientOptions, createClient } from '../agent-context.js';
import { printJson } from '../cli-io.js';
import { intOption, listOption, stringOption, type CommandSpec } from '../command.js';
import { relativeTime } from '../output/relative-time.js';
import { printMilestones } from './milestone-commands.js';

export const searchCommands: CommandSpec[] = [
  {
    name: 'search',
    summary: 'Search milestones across your projects (or in the projects given with -p).',
    args: 'QUERY [-p PROJECT]... [--limit N]',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      project: { type: 'string', short: 'p', multiple: true, placeholder: 'ID', description: 'search only this project' },
      limit: { type: 'string', placeholder: 'N', description: 'most results (default 20 in one project, 50 across)' },
    },
    examples: ['synapse search "authentication implementation" --limit 10'],
    async run({ values, positionals, io }) {
      const projects = listOption(values, 'project');
      const limit = intOption(values, 'limit');
      const query = positionals[0]!;
      const result = await createClient(io, values).search({
        query,
        ...(projects?.length === 1 ? { projectId: projects[0]! } : projects ? { projectIds: projects } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      if (values.json) printJson(io, result);
      else if (result.count === 0) io.stdout.write(`no milestones match '${query}'\n`);
      else printMilestones(io, result.milestones);
      return 0;
    },
  },
  {
    name: 'ask',
    summary: "Ask a question of the team's memory; the answer cites the milestones it used.",
    args: 'QUESTION [--time-range 7d] [-p PROJECT]...',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      project: { type: 'string', short: 'p', multiple: true, placeholder: 'ID', description: 'only these projects' },
      'time-range': { type: 'string', placeholder: 'RANGE', description: '1d|7d|14d|30d|90d|all or Nh/Nd/Nw (default 30d)' },
      contributor: { type: 'string', placeholder: 'WHO', description: 'only this contributor (id or display name)' },
      'context-limit': { type: 'string', placeholder: 'N', description: 'milestones used as context (default 50)' },
    },
    examples: ['synapse ask "What did the team work on this week?" --time-range 7d'],
    async run({ values, positionals, io }) {
      const projectIds = listOption(values, 'project');
      const timeRange = stringOption(values, 'time-range');
      const contributorFilter = stringOption(values, 'contributor');
      const contextLimit = intOption(values, 'context-limit');
      const answer = await createClient(io, values).ask({
        question: positionals[0]!,
        ...(projectIds ? { projectIds } : {}),
        ...(timeRange ? { timeRange } : {}),
        ...(contributorFilter ? { contributorFilter } : {}),
        ...(contextLimit !== undefined ? { contextLimit } : {}),
      });
      if (values.json) {
        printJson(io, answer);
        return 0;
      }
      io.stdout.write(answer.answer.trim() + '\n');
      if (answer.sources.length > 0) {
        io.stdout.write(`\n${io.palette.bold('sources')}\n`);
        answer.sources.forEach((source, i) => {
          const where = `${source.projectId}/${source.branchName}`;
          io.stdout.write(`  [${i + 1}] ${where} ${io.palette.dim(source.milestoneId + ', ' + relativeTime(source.createdAt, io.now()))}\n      ${source.excerpt.replace(/\s+/g, ' ').slice(0, 160)}\n`);
        });
      }
      return 0;
    },
  },
];
