// Runs the seed's own Python for the memory API (the Memory API snippets and the Complete
// Session Hook, from seed/python-sdk-examples.txt) against a started gateway with only the base
// URL and credentials changed, as test/e2e/python-seed.test.ts does for auth and the proxy.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const PYTHON = '/usr/bin/python3';
/** The checkout this compiled test belongs to (dist/test/e2e/ is three levels down). */
const SCRIPTS = fileURLToPath(new URL('../../../test/python', import.meta.url));

function pythonWithRequests(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import requests'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not available (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no requests module (apt-get install -y python3-requests)`;
  return undefined;
}

const skipReason = pythonWithRequests();

function runScript(name: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(PYTHON, [resolve(SCRIPTS, name)], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('seed Python: memory API and session hook', { skip: skipReason ?? false }, () => {
  let gw: TestGateway;
  let memory: { code: number; stdout: string; stderr: string };
  let hook: { code: number; stdout: string; stderr: string };

  before(async () => {
    gw = await startTestGateway();
    const { key } = await gw.createKey({ role: 'user', name: 'python-seed-memory' });
    memory = await runScript('seed_memory.py', { SYNAPSE_URL: gw.url, SYNAPSE_SEED_API_KEY: key });
    hook = await runScript('seed_session_hook.py', {
      SYNAPSE_GATEWAY_URL: gw.url,
      SYNAPSE_TOKEN: await gw.tokenFor(key),
      SYNAPSE_PROJECT_ID: 'my-project',
    });
  });

  after(async () => {
    await gw?.close();
  });

  test('the memory snippets run to the end', () => {
    assert.equal(memory.code, 0, memory.stderr);
    assert.equal(memory.stderr, '');
  });

  test('create and store print the Project and the Milestone', () => {
    const lines = memory.stdout.split('\n');
    assert.match(lines[0]!, /'projectId': 'my-project'.*'name': 'My Project'.*'activeBranches': \['main'\]/);
    assert.match(lines[1]!, /'milestoneId': 'ms-[0-9a-f]+'.*'sequenceNumber': 1/);
  });

  test('recall prints the project name and each milestone with its sequence number', () => {
    const lines = memory.stdout.split('\n');
    assert.ok(lines.includes('Project: My Project'), memory.stdout);
    assert.ok(lines.includes(' [1] Implemented rate limiting middleware'), memory.stdout);
  });

  test('search finds the milestone across projects', () => {
    assert.ok(memory.stdout.split('\n').includes(' [my-project] Implemented rate limiting middleware'), memory.stdout);
  });

  test('the intelligence answer is printed with its sources', () => {
    const lines = memory.stdout.split('\n');
    assert.ok(lines.some((l) => l.startsWith('1 milestone was recorded in the last 7 days')), memory.stdout);
    assert.ok(lines.includes(' Source: my-project/main - Implemented rate limiting middleware'), memory.stdout);
  });

  test('the session hook stores at session end and recalls at session start', () => {
    assert.equal(hook.code, 0, hook.stderr);
    assert.equal(hook.stderr, '');
    const lines = hook.stdout.split('\n');
    assert.match(lines[0]!, /^stored ms-[0-9a-f]+ seq=2 branch=main$/);
    assert.equal(lines[1], 'recalled my-project view=branch');
    assert.match(lines[2]!, /^ \[2\] Session ended at \d{4}-\d{2}-\d{2}$/);
    assert.equal(lines[3], ' [1] Implemented rate limiting middleware');
  });
});
