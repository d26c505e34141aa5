// The Synapse tools an MCP client (Claude Code, Cursor, ...) can call: thin wrappers over the SDK
// with schemas and descriptions written for an agent choosing between them. A failed call is
// returned as a tool error (isError) carrying the gateway's message, type and request id.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { SynapseApiError, type Synapse } from '../../sdk/index.js';

export interface ToolDefaults {
  /** Resolved from SYNAPSE_PROJECT_ID, .synapse-project or git at start; tools may override it. */
  projectId: string | undefined;
  branch: string;
  agentId: string;
}

const projectId = z.string().min(1).max(128).optional().describe('Project id; defaults to the current project');
const branch = z.string().min(1).max(256).optional().describe('Memory branch; defaults to the current git branch');

export function registerSynapseTools(server: McpServer, client: Synapse, defaults: ToolDefaults): void {
  const project = (id: string | undefined) => {
    const resolved = id ?? defaults.projectId;
    if (!resolved) throw new Error('no project: pass projectId, or set SYNAPSE_PROJECT_ID for the MCP server');
    return resolved;
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
  }, (args) => call(() => client.recall(project(args.projectId), {
    view: args.view ?? 'branch',
    branch: args.branch ?? defaults.branch,
    ...(args.milestoneId ? { milestoneId: args.milestoneId } : {}),
    ...(args.limit ? { limit: args.limit } : {}),
  })));

  server.registerTool('store_milestone', {
    title: 'Store a milestone',
    description:
      'Record a finished step so later sessions and teammates know about it (a commit of progress, not of code). ' +
      'thisContribution says what this step did; cumulativeProgress summarises everything achieved on the branch so far.',
    inputSchema: {
      projectId,
      branchName: branch,
      thisContribution: z.string().min(1).max(10_000).describe('What this step did, concretely'),
      cumulativeProgress: z.string().max(50_000).optional().describe('All progress on the branch so far'),
      branchPurpose: z.string().max(2_000).optional().describe('What the branch is for'),
    },
  }, (args) => call(() => client.store(project(args.projectId), {
    branchName: args.branchName ?? defaults.branch,
    thisContribution: args.thisContribution,
    ...(args.cumulativeProgress !== undefined ? { cumulativeProgress: args.cumulativeProgress } : {}),
    ...(args.branchPurpose !== undefined ? { branchPurpose: args.branchPurpose } : {}),
    agentId: defaults.agentId,
    agentType: 'mcp',
  })));

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
  }, (args) => call(() => client.search({
    query: args.query,
    ...(args.projectId ? { projectId: args.projectId } : {}),
    ...(args.projectIds ? { projectIds: args.projectIds } : {}),
    ...(args.limit ? { limit: args.limit } : {}),
  })));

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
  }, (args) => call(() => client.ask({
    question: args.question,
    ...(args.timeRange ? { timeRange: args.timeRange } : {}),
    ...(args.projectIds ? { projectIds: args.projectIds } : {}),
    ...(args.contributorFilter ? { contributorFilter: args.contributorFilter } : {}),
  })));

  server.registerTool('log', {
    title: 'Log an observation, thought or action',
    description: "Append a short entry to the branch's working log (finer-grained than a milestone).",
    inputSchema: {
      projectId,
      branchName: branch,
      phase: z.enum(['observation', 'thought', 'action']),
      content: z.string().min(1).max(50_000),
    },
  }, (args) => call(() => client.log(project(args.projectId), {
    branchName: args.branchName ?? defaults.branch,
    agentId: defaults.agentId,
    phase: args.phase,
    content: args.content,
  })));

  server.registerTool('create_branch', {
    title: 'Create a memory branch',
    description: 'Start a separate line of work (an experiment, a feature) whose milestones stay apart until merged.',
    inputSchema: {
      projectId,
      branchName: z.string().min(1).max(256),
      purpose: z.string().max(2_000).optional().describe('What the branch is for'),
      parentBranch: z.string().optional().describe('Default main'),
    },
  }, (args) => call(() => client.branches.create(project(args.projectId), {
    branchName: args.branchName,
    parentBranch: args.parentBranch ?? 'main',
    purpose: args.purpose ?? '',
    agentId: defaults.agentId,
  })));

  server.registerTool('merge_branch', {
    title: 'Merge a memory branch',
    description: 'Fold a finished branch into its target (default main) with a summary milestone; the branch closes.',
    inputSchema: {
      projectId,
      sourceBranch: z.string().min(1),
      targetBranch: z.string().optional().describe('Default main'),
      mergeSummary: z.string().min(1).max(10_000).describe('What the branch achieved'),
    },
  }, (args) => call(() => client.merge(project(args.projectId), {
    sourceBranch: args.sourceBranch,
    targetBranch: args.targetBranch ?? 'main',
    mergeSummary: args.mergeSummary,
    agentId: defaults.agentId,
  })));

  server.registerTool('list_projects', {
    title: 'List projects',
    description: 'List the memory projects you can read, with milestone counts and active branches.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
  }, () => call(async () => ({ projects: await client.projects.list() })));
}

async function call(task: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    const result = await task();
    return { content: [{ type: 'text', text: JSON.stringify(result, null, 2) }] };
  } catch (error) {
    const detail = error instanceof SynapseApiError
      ? `${error.type}${error.status ? ` (${error.status})` : ''}: ${error.message}${error.requestId ? ` [request ${error.requestId}]` : ''}`
      : (error as Error).message;
    return { isError: true, content: [{ type: 'text', text: detail }] };
  }
}
