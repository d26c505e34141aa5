// `synapse mcp`: serves the Synapse tools to an MCP client over stdio.
import { clientOptions, createClient } from '../agent-context.js';
import type { CommandSpec } from '../command.js';
import { packageVersion } from '../package-version.js';

export const mcpCommand: CommandSpec = {
  name: 'mcp',
  summary:
    'Run an MCP server over stdio with the tools recall, store_milestone, search, ask, log, create_branch, ' +
    'merge_branch and list_projects. Configure it in your MCP client as the command `synapse mcp`.',
  options: { url: clientOptions.url! },
  examples: ['claude mcp add synapse -- synapse mcp'],
  async run({ values, io }) {
    const { serveMcp } = await import('../mcp/mcp-server.js'); // the MCP SDK only loads for this command
    await serveMcp(io, createClient(io, values), packageVersion());
    return 0;
  },
};
