// `synapse mcp`: an MCP server over stdio exposing the Synapse tools. stdout carries the protocol,
// so nothing else may be written there; diagnostics go to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Synapse } from '../../sdk/index.js';
import { resolveBranch, resolveProjectId } from '../agent-context.js';
import type { CliIo } from '../cli-io.js';
import { registerSynapseTools } from './mcp-tools.js';

export const MCP_SERVER_NAME = 'synapse';

/** What the client is told about the server as a whole (it may put this in the model's context). */
export function serverInstructions(projectId: string | undefined): string {
  const project = projectId ? `The current project is '${projectId}'` : 'No default project is set: pass projectId';
  return [
    "Synapse is the team's shared memory of work on this code base, kept like git: projects, branches and milestones.",
    '- At the start of a task, call recall to read what earlier sessions did on this branch (view "overview" for the roadmap and all branches).',
    '- After finishing a meaningful step, call store_milestone with thisContribution (what this step did) and cumulativeProgress (everything achieved on the branch so far).',
    '- Use log for smaller observations, thoughts and actions; search or ask to find earlier work across projects.',
    `${project}; the branch defaults to the current git branch. A project that does not exist yet is created by the first store_milestone, log or create_branch.`,
  ].join('\n');
}

export async function serveMcp(io: CliIo, client: Synapse, version: string): Promise<void> {
  const projectId = await resolveProjectId(io.env, io.cwd);
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { instructions: serverInstructions(projectId) });
  registerSynapseTools(server, client, {
    projectId,
    // Asked at each call, so a `git checkout` during the session moves the default with it.
    branch: () => resolveBranch(io.env, io.cwd),
    agentId: io.env.SYNAPSE_AGENT_ID?.trim() || 'mcp-agent',
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  io.stdin.once('end', () => void server.close());
  await closed;
}
