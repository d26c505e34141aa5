// The agent commands of the `synapse` CLI run as child processes against a real gateway: exit
// codes, --json output, human-readable tables without colour off a terminal, --help everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { agentCommands } from '../../src/cli/agent-commands.js';
import { removeTempDirs, runSynapse, startAgentGateway, tempDir, type AgentGateway, type CliResult } from './helpers/agent-kit.js';

describe('synapse agent commands', () => {
  let gw: AgentGateway;
  let env: Record<string, string>;
  let cwd: string;
  const synapse = (args: string[], extra: Record<string, string> = {}) => runSynapse(args, { env: { ...env, ...extra }, cwd });
  const json = <T>(result: CliResult): T => {
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as T;
  };

  before(async () => {
    gw = await startAgentGateway();
    cwd = tempDir();
    env = { SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_API_KEY: gw.userKey, SYNAPSE_PROJECT_ID: 'cli-proj' };
  });
  after(async () => {
    await gw.close();
    removeTempDirs();
  });

  test('projects create, list (table and --json), show', async () => {
    const created = json<{ projectId: string; roadmap: string }>(
      await synapse(['projects', 'create', 'cli-proj', '--name', 'CLI Project', '--roadmap', 'Ship the CLI', '--json']),
    );
    assert.equal(created.projectId, 'cli-proj');
    assert.equal(created.roadmap, 'Ship the CLI');
    const table = await synapse(['projects']);
    assert.equal(table.code, 0, table.stderr);
    const [header, row] = table.stdout.split('\n');
    assert.match(header!, /^PROJECT\s+NAME\s+MILESTONES\s+BRANCHES\s+UPDATED$/);
    assert.match(row!, /^cli-proj\s+CLI Project\s+0\s+main\s+just now$/);
    assert.equal(header!.indexOf('NAME'), row!.indexOf('CLI Project'), 'columns are aligned');
    assert.doesNotMatch(table.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
    const listed = json<Array<{ projectId: string }>>(await synapse(['projects', '--json']));
    assert.deepEqual(listed.map((p) => p.projectId), ['cli-proj']);
    const shown = await synapse(['projects', 'show', 'cli-proj']);
    assert.match(shown.stdout, /roadmap\nShip the CLI/);
  });

  test('store and recall', async () => {
    const stored = await synapse(['store', 'Implemented rate limiting middleware', '--purpose', 'Core features', '--progress', 'Auth done']);
    assert.equal(stored.code, 0, stored.stderr);
    assert.match(stored.stdout, /^stored ms-[0-9a-f]+ as #1 on cli-proj\/main\n$/);
    const second = json<{ sequenceNumber: number; agentId: string }>(
      await synapse(['store', 'Added the CLI', '--json'], { SYNAPSE_AGENT_ID: 'agent-7' }),
    );
    assert.equal(second.sequenceNumber, 2);
    assert.equal(second.agentId, 'agent-7');
    const recalled = json<{ view: string; milestones: Array<{ sequenceNumber: number }> }>(await synapse(['recall', '--json']));
    assert.equal(recalled.view, 'branch');
    assert.deepEqual(recalled.milestones.map((m) => m.sequenceNumber), [2, 1]);
    const table = await synapse(['recall', '--limit', '1']);
    assert.match(table.stdout, /^#\s+WHEN\s+PROJECT\/BRANCH\s+AGENT\s+CONTRIBUTION$/m);
    assert.match(table.stdout, /^2\s+just now\s+cli-proj\/main\s+agent-7\s+Added the CLI$/m);
    assert.doesNotMatch(table.stdout, /rate limiting/);
    const overview = json<{ view: string; branches: unknown[] }>(await synapse(['recall', '--view', 'overview', '--json']));
    assert.equal(overview.view, 'overview');
  });

  test('log: append and show', async () => {
    const entry = json<{ entryId: string; phase: string }>(await synapse(['log', 'The limiter needs a burst', '--phase', 'thought', '--json']));
    assert.match(entry.entryId, /^log-/);
    assert.equal(entry.phase, 'thought');
    const shown = await synapse(['log']);
    assert.match(shown.stdout, /^1\s+just now\s+thought\s+synapse-cli\s+The limiter needs a burst$/m);
    const bad = await synapse(['log', 'x', '--phase', 'dream']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--phase must be one of observation, thought, action/);
  });

  test('search and ask', async () => {
    const found = json<{ count: number; milestones: Array<{ thisContribution: string }> }>(await synapse(['search', 'rate limiting', '--json']));
    assert.ok(found.count >= 1);
    assert.equal(found.milestones[0]!.thisContribution, 'Implemented rate limiting middleware');
    const inProject = await synapse(['search', 'rate limiting', '-p', 'cli-proj']);
    assert.match(inProject.stdout, /cli-proj\/main\s+synapse-cli\s+Implemented rate limiting middleware/);
    const nothing = await synapse(['search', 'rate limiting', '-p', 'other-proj']);
    assert.equal(nothing.code, 1, 'searching an unknown project is an error');
    const answer = json<{ answer: string; sources: unknown[] }>(await synapse(['ask', 'What was done on rate limiting?', '--time-range', '7d', '--json']));
    assert.ok(answer.sources.length >= 1);
    const human = await synapse(['ask', 'What was done on rate limiting?']);
    assert.match(human.stdout, /\nsources\n {2}\[1\] cli-proj\/main ms-/);
  });

  test('branch create, list, abandon; merge', async () => {
    const created = await synapse(['branch', 'create', 'feature/auth', '--purpose', 'OAuth login']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /created branch feature\/auth from main in cli-proj/);
    await synapse(['store', 'Google callback', '-b', 'feature/auth']);
    const merged = json<{ merged: boolean; milestonesMerged: number }>(
      await synapse(['merge', 'feature/auth', '--summary', 'OAuth login works', '--json']),
    );
    assert.deepEqual([merged.merged, merged.milestonesMerged], [true, 1]);
    await synapse(['branch', 'create', 'spike']);
    const abandoned = json<{ status: string }>(await synapse(['branch', 'abandon', 'spike', '--reason', 'no need', '--json']));
    assert.equal(abandoned.status, 'abandoned');
    const branches = json<Array<{ branchName: string; status: string }>>(await synapse(['branch', 'list', '--json']));
    assert.deepEqual(Object.fromEntries(branches.map((b) => [b.branchName, b.status])), { main: 'active', 'feature/auth': 'merged', spike: 'abandoned' });
    const table = await synapse(['branch', 'list']);
    assert.match(table.stdout, /^spike\s+abandoned\s+main\s+just now\s+no need$/m);
    const noSummary = await synapse(['merge', 'spike']);
    assert.equal(noSummary.code, 2);
    assert.match(noSummary.stderr, /--summary/);
    const closed = await synapse(['store', 'late', '-b', 'spike']);
    assert.equal(closed.code, 1);
    assert.match(closed.stderr, /^synapse: .*spike.*\(conflict, 409, request [0-9a-f-]{36}\)\n$/);
  });

  test('counts read right: "1 milestone", "2 milestones"', async () => {
    await synapse(['branch', 'create', 'feature/one']);
    await synapse(['store', 'The only step', '-b', 'feature/one']);
    const one = await synapse(['merge', 'feature/one', '--summary', 'One step']);
    assert.match(one.stdout, /^merged feature\/one into main: 1 milestone, merge milestone ms-/);
    await synapse(['branch', 'create', 'feature/two']);
    await synapse(['store', 'First step', '-b', 'feature/two']);
    await synapse(['store', 'Second step', '-b', 'feature/two']);
    const two = await synapse(['merge', 'feature/two', '--summary', 'Two steps']);
    assert.match(two.stdout, /^merged feature\/two into main: 2 milestones, /);
    await synapse(['contributors', 'add', 'solo', '--name', 'Solo', '--agent', 'solo-agent']);
    await synapse(['store', 'A step by solo', '--agent-id', 'solo-agent']);
    const shown = await synapse(['contributors', 'show', 'solo']);
    assert.match(shown.stdout, /^Solo \(solo\): 1 milestone\n/);
    await synapse(['contributors', 'remove', 'solo']);
  });

  test('contributors add, list, show, remove', async () => {
    const added = await synapse(['contributors', 'add', 'ada', '--name', 'Ada Lovelace', '--agent', 'synapse-cli', '--agent', 'agent-7']);
    assert.equal(added.code, 0, added.stderr);
    const listed = json<Array<{ contributorId: string; agentIds: string[] }>>(await synapse(['contributors', '--json']));
    assert.deepEqual(listed.map((c) => [c.contributorId, c.agentIds]), [['ada', ['synapse-cli', 'agent-7']]]);
    const table = await synapse(['contributors']);
    assert.match(table.stdout, /^ada\s+Ada Lovelace\s+-\s+synapse-cli, agent-7\s+just now$/m);
    const activity = json<{ totalMilestones: number }>(await synapse(['contributors', 'show', 'ada', '--json']));
    assert.ok(activity.totalMilestones >= 3);
    assert.equal((await synapse(['contributors', 'remove', 'ada'])).code, 0);
    const gone = await synapse(['contributors', 'show', 'ada']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /does not exist \(not_found, 404/);
  });

  test('failures: exit codes and one-line messages, never a stack trace', async () => {
    const missing = await synapse(['projects', 'show', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^synapse: not found: project 'nope' does not exist \(not_found, 404, request [0-9a-f-]{36}\)\n$/);
    const noCredentials = await runSynapse(['projects'], { env: { SYNAPSE_GATEWAY_URL: gw.url }, cwd });
    assert.equal(noCredentials.code, 2);
    assert.match(noCredentials.stderr, /no credentials/);
    const badKey = await synapse(['projects'], { SYNAPSE_API_KEY: 'sk-syn-wrong-00000000000000000000000000' });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /invalid API key \(authentication_error, 401/);
    const down = await synapse(['projects', '--url', 'http://127.0.0.1:9']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /^synapse: cannot reach the gateway/);
    const noProject = await runSynapse(['recall'], { env: { SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_API_KEY: gw.userKey }, cwd });
    assert.equal(noProject.code, 2);
    assert.match(noProject.stderr, /no project/);
    const badOption = await synapse(['recall', '--colour', 'blue']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /--colour/);
    const badCount = await synapse(['store']);
    assert.equal(badCount.code, 2);
    assert.match(badCount.stderr, /^synapse: store takes 1 argument, got 0\n/);
    for (const result of [missing, noCredentials, badKey, down, noProject, badOption, badCount]) {
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });

  test('--help on every command', async () => {
    const names = agentCommands.map((c) => c.name);
    for (let i = 0; i < names.length; i += 4) {
      await Promise.all(
        names.slice(i, i + 4).map(async (name) => {
          const result = await runSynapse([...name.split(' '), '--help'], { cwd });
          assert.equal(result.code, 0, `${name}: ${result.stderr}`);
          assert.ok(result.stdout.startsWith(`usage: synapse ${name}`), `${name}: ${result.stdout}`);
          assert.match(result.stdout, /-h, --help/);
        }),
      );
    }
    const group = await runSynapse(['branch', '--help'], { cwd });
    assert.equal(group.code, 0);
    assert.match(group.stdout, /synapse branch create/);
    const top = await runSynapse(['--help'], { cwd });
    for (const name of ['recall', 'branch create', 'hooks install', 'mcp']) assert.match(top.stdout, new RegExp(`\\n  ${name} `));
  });
});
