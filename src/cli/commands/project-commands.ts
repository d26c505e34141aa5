// `synapse projects [create|show|delete]`: the tenant's memory projects.
import type { Project } from '../../sdk/index.js';
import { clientOptions, createClient } from '../agent-context.js';
import { printJson, type CliIo } from '../cli-io.js';
import { stringOption, type CommandSpec } from '../command.js';
import { relativeTime } from '../output/relative-time.js';
import { formatTable } from '../output/table.js';

export const projectCommands: CommandSpec[] = [
  {
    name: 'projects',
    summary: 'List the memory projects of your tenant.',
    options: clientOptions,
    examples: ['synapse projects', 'synapse projects --json'],
    async run({ values, io }) {
      const projects = await createClient(io, values).projects.list();
      if (values.json) printJson(io, projects);
      else printProjects(io, projects);
      return 0;
    },
  },
  {
    name: 'projects create',
    summary: 'Create a project (it starts with a main branch).',
    args: 'ID [--name NAME] [--roadmap TEXT]',
    positionals: [1, 1],
    options: {
      ...clientOptions,
      name: { type: 'string', placeholder: 'NAME', description: 'display name (default: the id)' },
      roadmap: { type: 'string', placeholder: 'TEXT', description: 'the project roadmap' },
    },
    examples: ['synapse projects create my-project --name "My Project" --roadmap "Build an awesome product"'],
    async run({ values, positionals, io }) {
      const projectId = positionals[0]!;
      const project = await createClient(io, values).projects.create({
        projectId,
        name: stringOption(values, 'name') ?? projectId,
        roadmap: stringOption(values, 'roadmap') ?? '',
      });
      if (values.json) printJson(io, project);
      else io.stdout.write(`created project ${project.projectId} (${project.name})\n`);
      return 0;
    },
  },
  {
    name: 'projects show',
    summary: 'Show a project: name, roadmap, counts.',
    args: 'ID',
    positionals: [1, 1],
    options: clientOptions,
    async run({ values, positionals, io }) {
      const project = await createClient(io, values).projects.get(positionals[0]!);
      if (values.json) {
        printJson(io, project);
        return 0;
      }
      const { bold } = io.palette;
      io.stdout.write(`${bold(project.projectId)}  ${project.name}\n`);
      io.stdout.write(`milestones: ${project.milestoneCount}   active branches: ${project.activeBranches.join(', ') || '-'}\n`);
      io.stdout.write(`created ${relativeTime(project.createdAt, io.now())}, updated ${relativeTime(project.updatedAt, io.now())}\n`);
      if (project.roadmap) io.stdout.write(`\n${bold('roadmap')}\n${project.roadmap}\n`);
      return 0;
    },
  },
  {
    name: 'projects delete',
    summary: 'Delete a project and everything under it.',
    args: 'ID',
    positionals: [1, 1],
    options: clientOptions,
    async run({ values, positionals, io }) {
      await createClient(io, values).projects.delete(positionals[0]!);
      if (values.json) printJson(io, { deleted: true, projectId: positionals[0] });
      else io.stdout.write(`deleted project ${positionals[0]}\n`);
      return 0;
    },
  },
];

function printProjects(io: CliIo, projects: Project[]): void {
  if (projects.length === 0) {
    io.stdout.write('no projects yet: create one with `synapse projects create ID`\n');
    return;
  }
  const now = io.now();
  io.stdout.write(
    formatTable(
      projects,
      [
        { header: 'PROJECT', value: (p) => p.projectId, style: (t) => io.palette.cyan(t) },
        { header: 'NAME', value: (p) => p.name, maxWidth: 32 },
        { header: 'MILESTONES', value: (p) => String(p.milestoneCount) },
        { header: 'BRANCHES', value: (p) => p.activeBranches.join(', '), maxWidth: 40 },
        { header: 'UPDATED', value: (p) => relativeTime(p.updatedAt, now) },
      ],
      io.palette.bold,
    ),
  );
}
