// `synapse mcp`: an MCP server over stdio exposing the Synapse tools. stdout carries the protocol,
// so nothing else may be written there; diagnostics go to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Synapse } from '../../sdk/index.js';
import { resolveBranch, resolveProjectId } from '../agent-context.js';
import type { CliIo } from '../cli-io.js';
import { registerSynapseTools } from './mcp-tools.js';

export const MCP_SERVER_NAME = 'synapse';

export async function serveMcp(io: CliIo, client: Synapse, version: string): Promise<void> {
  const server = new McpServer({ name: MCP_SERVER_NAME, version });
  registerSynapseTools(server, client, {
    projectId: await resolveProjectId(io.env, io.cwd),
    branch: await resolveBranch(io.env, io.cwd),
    agentId: io.env.SYNAPSE_AGENT_ID?.trim() || 'mcp-agent',
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  io.stdin.once('end', () => void server.close());
  await closed;
}
