// `synapse mcp` driven by the MCP SDK's own client over stdio: the server's instructions, the tools
// with schemas and descriptions, each one against a real gateway answering in short text with the
// JSON as structuredContent, projects created on first write, the branch following git, and
// failures as tool errors.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_MODULE, removeTempDirs, startAgentGateway, tempDir, type AgentGateway } from './helpers/agent-kit.js';

const TOOLS = ['ask', 'create_branch', 'list_projects', 'log', 'merge_branch', 'recall', 'search', 'store_milestone'];

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };
type Call = { isError: boolean; text: string; data: any };

/** Starts `synapse mcp` in `cwd` with the gateway's credentials and the extra environment. */
async function connect(gw: AgentGateway, cwd: string, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(CLI_MODULE)}); await runCli(process.argv.slice(1));`, '--', 'mcp'],
    cwd,
    env: { PATH: process.env.PATH ?? '', SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_API_KEY: gw.userKey, SYNAPSE_AGENT_ID: 'mcp-test-agent', ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'synapse-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function caller(client: () => Client) {
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<Call> => {
    const result = (await client().callTool({ name, arguments: args })) as ToolResult;
    return { isError: result.isError === true, text: result.content.map((c) => c.text ?? '').join(''), data: result.structuredContent };
  };
  const ok = async (name: string, args: Record<string, unknown> = {}): Promise<Call> => {
    const result = await call(name, args);
    assert.equal(result.isError, false, `${name}: ${result.text}`);
    assert.doesNotMatch(result.text, /^\s*[{[]/, `${name} answers in text, not a JSON dump: ${result.text.slice(0, 80)}`);
    assert.ok(result.text.length < 4_000, `${name} answers briefly`);
    return result;
  };
  return { call, ok };
}

describe('synapse mcp', () => {
  let gw: AgentGateway;
  let client: Client;
  const { call, ok } = caller(() => client);

  before(async () => {
    gw = await startAgentGateway();
    client = await connect(gw, tempDir(), { SYNAPSE_PROJECT_ID: 'mcp-proj', SYNAPSE_BRANCH: 'main' });
    await gw.request('/api/v1/memory/projects', { auth: gw.userKey, body: { projectId: 'mcp-proj', name: 'MCP Project', roadmap: 'Agents everywhere' } });
  });
  after(async () => {
    await client.close();
    await gw.close();
    removeTempDirs();
  });

  test('the server declares instructions: when to recall and store, the project, the branch default', () => {
    const instructions = client.getInstructions() ?? '';
    assert.match(instructions, /recall/);
    assert.match(instructions, /store_milestone/);
    assert.match(instructions, /The current project is 'mcp-proj'/);
    assert.match(instructions, /current git branch/);
  });

  test('lists the eight tools with descriptions and input schemas; phase is optional', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 40, `${tool.name} has a useful description`);
      assert.equal(tool.inputSchema.type, 'object');
    }
    const store = tools.find((t) => t.name === 'store_milestone')!;
    assert.deepEqual(store.inputSchema.required, ['thisContribution']);
    assert.ok(Object.keys(store.inputSchema.properties ?? {}).includes('cumulativeProgress'));
    assert.deepEqual(tools.find((t) => t.name === 'log')!.inputSchema.required, ['content']);
    assert.equal(tools.find((t) => t.name === 'recall')!.annotations?.readOnlyHint, true);
  });

  test('every tool works against the gateway, in short text with the JSON alongside', async () => {
    const projects = await ok('list_projects');
    assert.equal(projects.text, '1 project:\n- mcp-proj (MCP Project): 0 milestones; active branches: main');
    assert.deepEqual(projects.data.projects.map((p: { projectId: string }) => p.projectId), ['mcp-proj']);

    const stored = await ok('store_milestone', {
      thisContribution: 'Wired the MCP server into the CLI',
      cumulativeProgress: 'SDK, CLI, hooks done',
      branchPurpose: 'Agent integrations',
    });
    assert.equal(stored.text, `Stored milestone #1 (${stored.data.milestoneId}) on mcp-proj/main.`);
    assert.equal(stored.data.agentId, 'mcp-test-agent');
    assert.equal(stored.data.agentType, 'mcp');

    const recalled = await ok('recall');
    assert.equal(recalled.data.view, 'branch');
    assert.equal(recalled.data.milestones[0].milestoneId, stored.data.milestoneId);
    assert.match(recalled.text, /^mcp-proj\/main: latest 1 milestone, newest first\.\nPurpose: Agent integrations\nProgress so far: SDK, CLI, hooks done\n- #1 .* by mcp-test-agent: Wired the MCP server into the CLI \[ms-/);
    const overview = await ok('recall', { view: 'overview' });
    assert.equal(overview.data.project.roadmap, 'Agents everywhere');
    assert.match(overview.text, /^Project mcp-proj \(MCP Project\): 1 milestone\.\nRoadmap: Agents everywhere/);

    const logged = await ok('log', { content: 'The client lists 8 tools' });
    assert.match(logged.data.entryId, /^log-/);
    assert.equal(logged.data.phase, 'observation', 'phase defaults to observation');
    assert.match(logged.text, /^Logged observation #1 \(log-.*\) on mcp-proj\/main\.$/);
    const log = await ok('recall', { view: 'log' });
    assert.match(log.text, /Log of main, newest first:\n- #1 .* observation by mcp-test-agent: The client lists 8 tools/);

    const found = await ok('search', { query: 'MCP server', projectId: 'mcp-proj' });
    assert.equal(found.data.milestones[0].milestoneId, stored.data.milestoneId);
    assert.match(found.text, /^1 milestone match "MCP server":\n- #1 mcp-proj\/main /);

    const answer = await ok('ask', { question: 'What happened with the MCP server?', timeRange: '7d' });
    assert.ok(answer.data.sources.some((s: { milestoneId: string }) => s.milestoneId === stored.data.milestoneId));
    assert.match(answer.text, /\nSources:\n\[1\] mcp-proj\/main ms-/);

    const branch = await ok('create_branch', { branchName: 'feature/tools', purpose: 'More tools' });
    assert.deepEqual([branch.data.branchName, branch.data.status], ['feature/tools', 'active']);
    assert.equal(branch.text, 'Created branch feature/tools from main in mcp-proj: More tools.');
    await ok('store_milestone', { branchName: 'feature/tools', thisContribution: 'Added a tool' });
    const merged = await ok('merge_branch', { sourceBranch: 'feature/tools', mergeSummary: 'Tools added' });
    assert.deepEqual([merged.data.merged, merged.data.milestonesMerged], [true, 1]);
    assert.match(merged.text, /^Merged feature\/tools into main: 1 milestone, merge milestone ms-.*\. feature\/tools is closed\.$/);
  });

  test('a store or log on a project that does not exist creates it and says so; recall says how in one line', async () => {
    const missing = await ok('recall', { projectId: 'fresh-proj' });
    assert.equal(missing.text, "No memory yet: project 'fresh-proj' does not exist. store_milestone creates it with the first milestone.");
    assert.deepEqual(missing.data, { projectId: 'fresh-proj', exists: false });

    const stored = await ok('store_milestone', { projectId: 'fresh-proj', thisContribution: 'First step in a new project' });
    assert.match(stored.text, /^Created project 'fresh-proj' \(it did not exist\)\. Stored milestone #1 /);
    const again = await ok('store_milestone', { projectId: 'fresh-proj', thisContribution: 'Second step' });
    assert.match(again.text, /^Stored milestone #2 /, 'created once');
    const logged = await ok('log', { projectId: 'log-first-proj', phase: 'thought', content: 'Starting with a thought' });
    assert.match(logged.text, /^Created project 'log-first-proj' \(it did not exist\)\. Logged thought #1 /);
  });

  test('failures are tool errors and the server keeps serving', async () => {
    const missing = await call('recall', { projectId: 'mcp-proj', view: 'milestone', milestoneId: 'ms-nope' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^not_found \(404\): not found: milestone 'ms-nope' in project 'mcp-proj' does not exist \[request [0-9a-f-]{36}\]$/);

    const closed = await call('store_milestone', { branchName: 'feature/tools', thisContribution: 'after the merge' });
    assert.equal(closed.isError, true);
    assert.match(closed.text, /conflict \(409\)/);

    const invalid = await call('store_milestone', { thisContribution: '' });
    assert.equal(invalid.isError, true);
    assert.match(invalid.text, /thisContribution/);

    const projects = await ok('list_projects');
    assert.equal(projects.data.projects.length, 3, 'still serving after errors');
  });
});

describe('synapse mcp in a git work tree', () => {
  let gw: AgentGateway;
  let client: Client;
  const { ok } = caller(() => client);
  let repo = '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'd@e.x', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'd@e.x' } });

  before(async () => {
    repo = tempDir('synapse-mcp-git-');
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'start');
    git('checkout', '-q', '-b', 'feature/git-default');
    gw = await startAgentGateway();
    client = await connect(gw, repo, { SYNAPSE_PROJECT_ID: 'git-proj' });
  });
  after(async () => {
    await client.close();
    await gw.close();
    removeTempDirs();
  });

  test("the branch defaults to the work tree's current git branch, and follows a checkout", async () => {
    const first = await ok('store_milestone', { thisContribution: 'On the feature branch' });
    assert.equal(first.data.branchName, 'feature/git-default');
    git('checkout', '-q', '-b', 'feature/next');
    const second = await ok('store_milestone', { thisContribution: 'After git checkout' });
    assert.equal(second.data.branchName, 'feature/next');
    const recalled = await ok('recall');
    assert.match(recalled.text, /^git-proj\/feature\/next: latest 1 milestone/);
  });
});
