// The Synapse tools an MCP client (Claude Code, Cursor, ...) can call: thin wrappers over the SDK
// with schemas and descriptions written for an agent choosing between them. Results are short text
// (src/cli/mcp/mcp-text.ts) with the API's JSON as structuredContent; a write to a project that does
// not exist yet creates it and says so; a failed call is a tool error carrying the gateway's
// message, type and request id.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ConflictError, NotFoundError, SynapseApiError, type Synapse } from '../../sdk/index.js';
import { answerText, branchCreatedText, loggedText, mergedText, projectsText, recallText, searchText, storedText } from './mcp-text.js';

export interface ToolDefaults {
  /** Resolved from SYNAPSE_PROJECT_ID, .synapse-project or git at start; tools may override it. */
  projectId: string | undefined;
  /** The branch of a call that names none: SYNAPSE_BRANCH, else the server directory's current git branch, else main. */
  branch: () => Promise<string>;
  agentId: string;
}

interface ToolOutcome {
  text: string;
  data: object;
}

const projectId = z.string().min(1).max(128).optional().describe('Project id; defaults to the current project');
const branch = z.string().min(1).max(256).optional().describe('Memory branch; defaults to the current git branch');

export function registerSynapseTools(server: McpServer, client: Synapse, defaults: ToolDefaults): void {
  const project = (id: string | undefined) => {
    const resolved = id ?? defaults.projectId;
    if (!resolved) throw new Error('no project: pass projectId, or set SYNAPSE_PROJECT_ID (or add a .synapse-project file) for the MCP server');
    return resolved;
  };
  /** Runs a write; when the project does not exist yet, creates it and runs the write again. */
  const inProject = async <T>(id: string, write: () => Promise<T>): Promise<{ value: T; note: string }> => {
    try {
      return { value: await write(), note: '' };
    } catch (error) {
      if (!isMissingProject(error, id)) throw error;
      try {
        await client.projects.create({ projectId: id, name: id, roadmap: '' });
      } catch (createError) {
        throw createError instanceof ConflictError ? error : createError;
      }
      return { value: await write(), note: `Created project '${id}' (it did not exist). ` };
    }
  };

  server.registerTool('recall', {
    title: 'Recall project memory',
    description:
      "Read what earlier sessions recorded before starting work: view 'branch' (default) lists the branch's latest " +
      "milestones with cumulative progress; 'overview' shows the project, roadmap and branches; 'log' the " +
      "observation/thought/action log; 'milestone' one milestone by id.",
    inputSchema: {
      projectId,
      view: z.enum(['overview', 'branch', 'milestone', 'log', 'metadata']).optional().describe("Default 'branch'"),
      branch,
      milestoneId: z.string().optional().describe("Required for view 'milestone'"),
      limit: z.number().int().min(1).max(100).optional().describe('How many milestones or log entries (default 10 / 20)'),
    },
    annotations: { readOnlyHint: true },
  }, (args) => call(async () => {
    const id = project(args.projectId);
    const branchName = args.branch ?? (await defaults.branch());
    try {
      const context = await client.recall(id, {
        view: args.view ?? 'branch',
        branch: branchName,
        ...(args.milestoneId ? { milestoneId: args.milestoneId } : {}),
        ...(args.limit ? { limit: args.limit } : {}),
      });
      return { text: recallText(context, branchName), data: context };
    } catch (error) {
      // Reading creates nothing (this tool is read-only): say in one line how the project comes to be.
      if (!isMissingProject(error, id)) throw error;
      return { text: `No memory yet: project '${id}' does not exist. store_milestone creates it with the first milestone.`, data: { projectId: id, exists: false } };
    }
  }));

  server.registerTool('store_milestone', {
    title: 'Store a milestone',
    description:
      'Record a finished step so later sessions and teammates know about it (a commit of progress, not of code). ' +
      'thisContribution says what this step did; cumulativeProgress summarises everything achieved on the branch so far. ' +
      'A project that does not exist yet is created.',
    inputSchema: {
      projectId,
      branchName: branch,
      thisContribution: z.string().min(1).max(10_000).describe('What this step did, concretely'),
      cumulativeProgress: z.string().max(50_000).optional().describe('All progress on the branch so far'),
      branchPurpose: z.string().max(2_000).optional().describe('What the branch is for'),
    },
  }, (args) => call(async () => {
    const id = project(args.projectId);
    const branchName = args.branchName ?? (await defaults.branch());
    const { value, note } = await inProject(id, () => client.store(id, {
      branchName,
      thisContribution: args.thisContribution,
      ...(args.cumulativeProgress !== undefined ? { cumulativeProgress: args.cumulativeProgress } : {}),
      ...(args.branchPurpose !== undefined ? { branchPurpose: args.branchPurpose } : {}),
      agentId: defaults.agentId,
      agentType: 'mcp',
    }));
    return { text: note + storedText(value), data: value };
  }));

  server.registerTool('search', {
    title: 'Search milestones',
    description:
      'Find earlier milestones by meaning or keywords, e.g. "how was authentication implemented". Searches all ' +
      'projects unless projectId or projectIds is given. Use ask instead for a summarised answer.',
    inputSchema: {
      query: z.string().min(1).max(500),
      projectId: z.string().optional().describe('Search only this project'),
      projectIds: z.array(z.string()).optional().describe('Search only these projects'),
      limit: z.number().int().min(1).max(200).optional(),
    },
    annotations: { readOnlyHint: true },
  }, (args) => call(async () => {
    const result = await client.search({
      query: args.query,
      ...(args.projectId ? { projectId: args.projectId } : {}),
      ...(args.projectIds ? { projectIds: args.projectIds } : {}),
      ...(args.limit ? { limit: args.limit } : {}),
    });
    return { text: searchText(args.query, result), data: result };
  }));

  server.registerTool('ask', {
    title: 'Ask the team memory',
    description:
      'Ask a question about what was done, e.g. "How are refunds approved?" or "What did the team work on this week?". ' +
      'Answers from the milestones in the time range that match the question (a digest for questions about activity in ' +
      'general), cites them as sources, and says so when nothing matches (answerKind no_match).',
    inputSchema: {
      question: z.string().min(1).max(2_000),
      timeRange: z.string().optional().describe('1d|7d|14d|30d|90d|all or Nh/Nd/Nw; default 30d'),
      projectIds: z.array(z.string()).optional(),
      contributorFilter: z.string().optional().describe('A contributor id or display name'),
    },
    annotations: { readOnlyHint: true },
  }, (args) => call(async () => {
    const answer = await client.ask({
      question: args.question,
      ...(args.timeRange ? { timeRange: args.timeRange } : {}),
      ...(args.projectIds ? { projectIds: args.projectIds } : {}),
      ...(args.contributorFilter ? { contributorFilter: args.contributorFilter } : {}),
    });
    return { text: answerText(answer), data: answer };
  }));

  server.registerTool('log', {
    title: 'Log an observation, thought or action',
    description:
      "Append a short entry to the branch's working log (finer-grained than a milestone). phase defaults to " +
      "'observation'. A project that does not exist yet is created.",
    inputSchema: {
      projectId,
      branchName: branch,
      phase: z.enum(['observation', 'thought', 'action']).optional().describe("Default 'observation'"),
      content: z.string().min(1).max(50_000),
    },
  }, (args) => call(async () => {
    const id = project(args.projectId);
    const branchName = args.branchName ?? (await defaults.branch());
    const { value, note } = await inProject(id, () => client.log(id, {
      branchName,
      agentId: defaults.agentId,
      phase: args.phase ?? 'observation',
      content: args.content,
    }));
    return { text: note + loggedText(value), data: value };
  }));

  server.registerTool('create_branch', {
    title: 'Create a memory branch',
    description:
      'Start a separate line of work (an experiment, a feature) whose milestones stay apart until merged. ' +
      'A project that does not exist yet is created.',
    inputSchema: {
      projectId,
      branchName: z.string().min(1).max(256),
      purpose: z.string().max(2_000).optional().describe('What the branch is for'),
      parentBranch: z.string().optional().describe('Default main'),
    },
  }, (args) => call(async () => {
    const id = project(args.projectId);
    const { value, note } = await inProject(id, () => client.branches.create(id, {
      branchName: args.branchName,
      parentBranch: args.parentBranch ?? 'main',
      purpose: args.purpose ?? '',
      agentId: defaults.agentId,
    }));
    return { text: note + branchCreatedText(value), data: value };
  }));

  server.registerTool('merge_branch', {
    title: 'Merge a memory branch',
    description: 'Fold a finished branch into its target (default main) with a summary milestone; the branch closes.',
    inputSchema: {
      projectId,
      sourceBranch: z.string().min(1),
      targetBranch: z.string().optional().describe('Default main'),
      mergeSummary: z.string().min(1).max(10_000).describe('What the branch achieved'),
    },
  }, (args) => call(async () => {
    const targetBranch = args.targetBranch ?? 'main';
    const result = await client.merge(project(args.projectId), {
      sourceBranch: args.sourceBranch,
      targetBranch,
      mergeSummary: args.mergeSummary,
      agentId: defaults.agentId,
    });
    return { text: mergedText(args.sourceBranch, targetBranch, result), data: result };
  }));

  server.registerTool('list_projects', {
    title: 'List projects',
    description: 'List the memory projects you can read, with milestone counts and active branches.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
  }, () => call(async () => {
    const projects = await client.projects.list();
    return { text: projectsText(projects), data: { projects } };
  }));
}

/** The gateway's 404 for the project itself (not for a milestone or branch inside it); earlier gateways' wording too. */
function isMissingProject(error: unknown, id: string): boolean {
  if (!(error instanceof NotFoundError)) return false;
  return error.message === `not found: project '${id}' does not exist` || error.message === `project '${id}' not found`;
}

async function call(task: () => Promise<ToolOutcome>): Promise<CallToolResult> {
  try {
    const { text, data } = await task();
    return { content: [{ type: 'text', text }], structuredContent: data as Record<string, unknown> };
  } catch (error) {
    const detail = error instanceof SynapseApiError
      ? `${error.type}${error.status ? ` (${error.status})` : ''}: ${error.message}${error.requestId ? ` [request ${error.requestId}]` : ''}`
      : (error as Error).message;
    return { isError: true, content: [{ type: 'text', text: detail }] };
  }
}
