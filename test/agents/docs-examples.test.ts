// The copy-paste examples of docs/agents.md, run as written: the CLI tour and the SDK example
// against a real gateway, the Claude Code settings `hooks install` writes, the MCP config shape.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { removeTempDirs, repoRoot, runSynapse, startAgentGateway, tempDir, type AgentGateway } from './helpers/agent-kit.js';

const SDK_MODULE = new URL('../../src/sdk/index.js', import.meta.url).href;
/** The Node and CLI paths the docs show in the hook commands `hooks install` writes. */
const DOC_EXECUTABLE = '/usr/bin/node /home/you/synapse/bin/synapse.js';

/** The fenced block that follows `<!-- tested: name -->`. */
function testedBlock(name: string): string {
  const doc = readFileSync(join(repoRoot(), 'docs', 'agents.md'), 'utf8');
  const match = new RegExp(`<!-- tested: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  assert.ok(match, `docs/agents.md has a tested ${name} block`);
  return match[1]!;
}

/** Splits a shell command line on spaces, honouring double quotes (all the docs use). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('docs/agents.md examples', () => {
  let gw: AgentGateway;
  let env: Record<string, string>;

  before(async () => {
    gw = await startAgentGateway();
    env = { SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_API_KEY: gw.userKey };
  });
  after(async () => {
    await gw.close();
    removeTempDirs();
  });

  test('the CLI tour runs, every command exiting 0', async () => {
    const cwd = tempDir();
    const lines = testedBlock('cli').split('\n').filter((line) => line.startsWith('synapse '));
    assert.ok(lines.length >= 10);
    for (const line of lines) {
      const result = await runSynapse(shellWords(line).slice(1), { env, cwd });
      assert.equal(result.code, 0, `${line}\n${result.stderr}`);
    }
    const branches = await runSynapse(['branch', 'list', '-p', 'my-project', '--json'], { env, cwd });
    assert.deepEqual((JSON.parse(branches.stdout) as Array<{ status: string }>).map((b) => b.status).sort(), ['active', 'merged']);
  });

  test('the SDK example runs unchanged apart from the package name resolving to this build', async () => {
    const dir = tempDir();
    const file = join(dir, 'example.mjs');
    writeFileSync(file, testedBlock('sdk').replace("'synapse-gateway/sdk'", JSON.stringify(SDK_MODULE)));
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^stored #1\n\[1\] Implemented rate limiting middleware\n/);
    assert.match(result.stdout, /\n404 not_found \(request [0-9a-f-]{36}\)\n$/);
  });

  test('the settings block is what `hooks install` writes into an empty project, with this checkout in the example paths', async () => {
    const cwd = tempDir();
    const result = await runSynapse(['hooks', 'install', '--agent', 'claude-code'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    const written = JSON.parse(readFileSync(join(cwd, '.claude', 'settings.json'), 'utf8')) as unknown;
    const executable = `${process.execPath} ${join(repoRoot(), 'bin', 'synapse.js')}`;
    const documented = testedBlock('claude-settings').replaceAll(DOC_EXECUTABLE, executable);
    assert.deepEqual(written, JSON.parse(documented));
  });

  test('the MCP config starts `synapse mcp`', () => {
    const config = JSON.parse(testedBlock('mcp-json')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    assert.equal(config.mcpServers.synapse!.command, 'synapse');
    assert.deepEqual(config.mcpServers.synapse!.args, ['mcp']);
  });
});
