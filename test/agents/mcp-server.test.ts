// `synapse mcp` driven by the MCP SDK's own client over stdio: the tools are listed with schemas
// and descriptions, each one works against a real gateway, and failures are tool errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_MODULE, removeTempDirs, startAgentGateway, tempDir, type AgentGateway } from './helpers/agent-kit.js';

const TOOLS = ['ask', 'create_branch', 'list_projects', 'log', 'merge_branch', 'recall', 'search', 'store_milestone'];

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };

describe('synapse mcp', () => {
  let gw: AgentGateway;
  let client: Client;

  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as ToolResult;
    return { isError: result.isError === true, text: result.content.map((c) => c.text ?? '').join('') };
  };
  const ok = async <T>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    const result = await call(name, args);
    assert.equal(result.isError, false, `${name}: ${result.text}`);
    return JSON.parse(result.text) as T;
  };

  before(async () => {
    gw = await startAgentGateway();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(CLI_MODULE)}); await runCli(process.argv.slice(1));`, '--', 'mcp'],
      cwd: tempDir(),
      env: {
        PATH: process.env.PATH ?? '',
        SYNAPSE_GATEWAY_URL: gw.url,
        SYNAPSE_API_KEY: gw.userKey,
        SYNAPSE_PROJECT_ID: 'mcp-proj',
        SYNAPSE_BRANCH: 'main',
        SYNAPSE_AGENT_ID: 'mcp-test-agent',
      },
      stderr: 'pipe',
    });
    client = new Client({ name: 'synapse-test', version: '1.0.0' });
    await client.connect(transport);
    await gw.request('/api/v1/memory/projects', { auth: gw.userKey, body: { projectId: 'mcp-proj', name: 'MCP Project', roadmap: 'Agents everywhere' } });
  });
  after(async () => {
    await client.close();
    await gw.close();
    removeTempDirs();
  });

  test('lists the eight tools with descriptions and input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 40, `${tool.name} has a useful description`);
      assert.equal(tool.inputSchema.type, 'object');
    }
    const store = tools.find((t) => t.name === 'store_milestone')!;
    assert.deepEqual(store.inputSchema.required, ['thisContribution']);
    assert.ok(Object.keys(store.inputSchema.properties ?? {}).includes('cumulativeProgress'));
    assert.equal(tools.find((t) => t.name === 'recall')!.annotations?.readOnlyHint, true);
  });

  test('every tool works against the gateway', async () => {
    const projects = await ok<{ projects: Array<{ projectId: string }> }>('list_projects');
    assert.deepEqual(projects.projects.map((p) => p.projectId), ['mcp-proj']);

    const stored = await ok<{ milestoneId: string; sequenceNumber: number; agentId: string; agentType: string }>('store_milestone', {
      thisContribution: 'Wired the MCP server into the CLI',
      cumulativeProgress: 'SDK, CLI, hooks done',
      branchPurpose: 'Agent integrations',
    });
    assert.equal(stored.sequenceNumber, 1);
    assert.equal(stored.agentId, 'mcp-test-agent');
    assert.equal(stored.agentType, 'mcp');

    const recalled = await ok<{ view: string; milestones: Array<{ milestoneId: string }> }>('recall');
    assert.equal(recalled.view, 'branch');
    assert.equal(recalled.milestones[0]!.milestoneId, stored.milestoneId);
    const overview = await ok<{ project: { roadmap: string } }>('recall', { view: 'overview' });
    assert.equal(overview.project.roadmap, 'Agents everywhere');

    const logged = await ok<{ entryId: string; phase: string }>('log', { phase: 'observation', content: 'The client lists 8 tools' });
    assert.match(logged.entryId, /^log-/);

    const found = await ok<{ count: number; milestones: Array<{ milestoneId: string }> }>('search', { query: 'MCP server', projectId: 'mcp-proj' });
    assert.equal(found.milestones[0]!.milestoneId, stored.milestoneId);

    const answer = await ok<{ answer: string; sources: Array<{ milestoneId: string }> }>('ask', { question: 'What happened with the MCP server?', timeRange: '7d' });
    assert.ok(answer.sources.some((s) => s.milestoneId === stored.milestoneId));

    const branch = await ok<{ branchName: string; status: string }>('create_branch', { branchName: 'feature/tools', purpose: 'More tools' });
    assert.deepEqual([branch.branchName, branch.status], ['feature/tools', 'active']);
    await ok('store_milestone', { branchName: 'feature/tools', thisContribution: 'Added a tool' });
    const merged = await ok<{ merged: boolean; milestonesMerged: number }>('merge_branch', { sourceBranch: 'feature/tools', mergeSummary: 'Tools added' });
    assert.deepEqual([merged.merged, merged.milestonesMerged], [true, 1]);
  });

  test('failures are tool errors and the server keeps serving', async () => {
    const missing = await call('recall', { projectId: 'no-such-project' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^not_found \(404\): project 'no-such-project' not found \[request [0-9a-f-]{36}\]$/);

    const closed = await call('store_milestone', { branchName: 'feature/tools', thisContribution: 'after the merge' });
    assert.equal(closed.isError, true);
    assert.match(closed.text, /conflict \(409\)/);

    const invalid = await call('store_milestone', { thisContribution: '' });
    assert.equal(invalid.isError, true);
    assert.match(invalid.text, /thisContribution/);

    const projects = await ok<{ projects: unknown[] }>('list_projects');
    assert.equal(projects.projects.length, 1, 'still serving after errors');
  });
});
