// `synapse hooks install|uninstall`: merged into a Claude Code settings file that already has
// other hooks and settings, printing exactly what was written, idempotent, removed again to the
// byte; the git post-commit hook; and both running where `synapse` is not on the PATH.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Synapse } from '../../src/sdk/index.js';
import { fixturePath, removeTempDirs, repoRoot, runSynapse, startAgentGateway, tempDir } from './helpers/agent-kit.js';

after(removeTempDirs);

interface Settings {
  hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ type: string; command: string; timeout?: number }> }>>;
  [key: string]: unknown;
}

/** What install writes by default: this Node and the checkout's bin/synapse.js, by absolute path. */
const EXECUTABLE = `${process.execPath} ${join(repoRoot(), 'bin', 'synapse.js')}`;

/** A PATH with the system tools but no `synapse` on it (asserted, not assumed). */
const PATH_WITHOUT_SYNAPSE = '/usr/local/bin:/usr/bin:/bin';
for (const dir of PATH_WITHOUT_SYNAPSE.split(delimiter)) assert.ok(!existsSync(join(dir, 'synapse')), `${dir} has no synapse`);

function projectWithSettings(): { dir: string; path: string; original: string } {
  const dir = tempDir('synapse-install-');
  const original = readFileSync(fixturePath('claude-settings-with-hooks.json'), 'utf8');
  mkdirSync(join(dir, '.claude'));
  const path = join(dir, '.claude', 'settings.json');
  writeFileSync(path, original);
  return { dir, path, original };
}

function gitRepo(): string {
  const dir = tempDir('synapse-git-');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

describe('synapse hooks install --agent claude-code', () => {
  test('merges the hooks beside the existing ones, prints file and commands, and uninstall restores the file', async () => {
    const { dir, path, original } = projectWithSettings();
    const result = await runSynapse(['hooks', 'install', '--agent', 'claude-code'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `installed in ${path}:\n` +
        `  SessionStart: ${EXECUTABLE} hook session-start\n` +
        `  SessionEnd:   ${EXECUTABLE} hook session-end\n` +
        `  PreCompact:   ${EXECUTABLE} hook pre-compact\n` +
        'undo with: synapse hooks uninstall\n',
    );
    const before = JSON.parse(original) as Settings;
    const after = JSON.parse(readFileSync(path, 'utf8')) as Settings;
    assert.deepEqual(after.permissions, before.permissions);
    assert.equal(after.model, 'sonnet');
    assert.deepEqual(after.hooks.PreToolUse, before.hooks.PreToolUse);
    assert.equal(after.hooks.SessionStart!.length, 2);
    assert.deepEqual(after.hooks.SessionStart![0], before.hooks.SessionStart![0], 'the existing SessionStart hook stays first');
    assert.equal(after.hooks.SessionStart![1]!.hooks[0]!.command, `${EXECUTABLE} hook session-start`);
    assert.equal(after.hooks.SessionEnd![0]!.hooks[0]!.command, `${EXECUTABLE} hook session-end`);
    assert.equal(after.hooks.PreCompact![0]!.hooks[0]!.command, `${EXECUTABLE} hook pre-compact`);

    const again = await runSynapse(['hooks', 'install', '--agent', 'claude-code', '--json'], { cwd: dir });
    assert.deepEqual(JSON.parse(again.stdout), { path, installed: [], commands: {} });
    assert.equal(readFileSync(path, 'utf8'), JSON.stringify(after, null, 2) + '\n', 'installing twice changes nothing');
    const text = await runSynapse(['hooks', 'install'], { cwd: dir });
    assert.match(text.stdout, /^nothing to do: .* already runs\n {2}SessionStart: /);

    const removed = await runSynapse(['hooks', 'uninstall', '--agent', 'claude-code'], { cwd: dir });
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, `removed from ${path}:\n  SessionStart: ${EXECUTABLE} hook session-start\n  SessionEnd:   ${EXECUTABLE} hook session-end\n  PreCompact:   ${EXECUTABLE} hook pre-compact\n`);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), before, 'uninstall removes exactly ours');
    assert.equal(readFileSync(path, 'utf8'), original);
    const twice = await runSynapse(['hooks', 'uninstall'], { cwd: dir });
    assert.equal(twice.stdout, `nothing to do: ${path} has no Synapse hooks\n`);
  });

  test('an older install that relied on PATH is rewritten in place, and the output says what it replaced', async () => {
    const { dir, path } = projectWithSettings();
    await runSynapse(['hooks', 'install', '--command', 'synapse'], { cwd: dir });
    const old = JSON.parse(readFileSync(path, 'utf8')) as Settings;
    assert.equal(old.hooks.SessionEnd![0]!.hooks[0]!.command, 'synapse hook session-end');
    const result = await runSynapse(['hooks', 'install'], { cwd: dir });
    assert.match(result.stdout, new RegExp(`SessionEnd: {3}${EXECUTABLE.replace(/[.]/g, '\\.')} hook session-end\n {4}\\(replaces: synapse hook session-end\\)\n`));
    const rewritten = JSON.parse(readFileSync(path, 'utf8')) as Settings;
    assert.equal(rewritten.hooks.SessionStart!.length, 2, 'rewritten, not added twice');
    assert.equal(rewritten.hooks.SessionStart![1]!.hooks[0]!.command, `${EXECUTABLE} hook session-start`);
  });

  test('uninstall leaves a hook someone else added next to ours in the same group', async () => {
    const { dir, path } = projectWithSettings();
    await runSynapse(['hooks', 'install', '--command', 'npx synapse'], { cwd: dir });
    const settings = JSON.parse(readFileSync(path, 'utf8')) as Settings;
    assert.equal(settings.hooks.SessionEnd![0]!.hooks[0]!.command, 'npx synapse hook session-end');
    settings.hooks.SessionEnd![0]!.hooks.push({ type: 'command', command: './notify-done.sh' });
    writeFileSync(path, JSON.stringify(settings, null, 2));
    await runSynapse(['hooks', 'uninstall'], { cwd: dir });
    const after = JSON.parse(readFileSync(path, 'utf8')) as Settings;
    assert.deepEqual(after.hooks.SessionEnd, [{ matcher: '', hooks: [{ type: 'command', command: './notify-done.sh' }] }]);
    assert.equal(after.hooks.PreCompact, undefined);
  });

  test('a --command that does not name synapse is removed by uninstall with the same --command, as the output says', async () => {
    const dir = tempDir();
    const installed = await runSynapse(['hooks', 'install', '--command', '/opt/tools/mem'], { cwd: dir });
    assert.match(installed.stdout, /SessionStart: \/opt\/tools\/mem hook session-start\n/);
    assert.match(installed.stdout, /undo with: synapse hooks uninstall --command \/opt\/tools\/mem\n$/);
    const plain = await runSynapse(['hooks', 'uninstall'], { cwd: dir });
    assert.match(plain.stdout, /^nothing to do/);
    const removed = await runSynapse(['hooks', 'uninstall', '--command', '/opt/tools/mem'], { cwd: dir });
    assert.match(removed.stdout, /^removed from /);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')), {});
  });

  test('--global writes ~/.claude/settings.json, creating it', async () => {
    const home = tempDir('synapse-home-');
    const result = await runSynapse(['hooks', 'install', '--agent', 'claude-code', '--global'], { cwd: tempDir(), env: { HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /undo with: synapse hooks uninstall --global\n$/);
    const settings = JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')) as Settings;
    assert.deepEqual(Object.keys(settings.hooks), ['SessionStart', 'SessionEnd', 'PreCompact']);
    await runSynapse(['hooks', 'uninstall', '--global'], { cwd: tempDir(), env: { HOME: home } });
    assert.deepEqual(JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')), {});
  });

  test('a settings file that is not valid JSON is reported and left alone', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.claude'));
    const path = join(dir, '.claude', 'settings.json');
    writeFileSync(path, '{ "hooks": { oops');
    const result = await runSynapse(['hooks', 'install'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not valid JSON.*nothing was changed/);
    assert.equal(readFileSync(path, 'utf8'), '{ "hooks": { oops');
  });

  test('the written command runs from a shell whose PATH has no synapse (and no node)', async () => {
    const dir = tempDir();
    await runSynapse(['hooks', 'install'], { cwd: dir });
    const settings = JSON.parse(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')) as Settings;
    const command = settings.hooks.SessionStart![0]!.hooks[0]!.command;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // As Claude Code runs a hook: through the shell, the payload on stdin. The gateway is away, so it fails open.
      const child = spawn('/bin/sh', ['-c', command], { cwd: dir, env: { PATH: '/nonexistent', HOME: dir, SYNAPSE_GATEWAY_URL: 'http://127.0.0.1:9', SYNAPSE_API_KEY: 'sk-syn-none', SYNAPSE_PROJECT_ID: 'p' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(JSON.stringify({ session_id: 's', cwd: dir, hook_event_name: 'SessionStart' }));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /not found|No such file/);
    assert.match(result.stderr, /^synapse: session-start hook skipped/, 'the CLI itself ran');
  });
});

describe('synapse hooks install --agent git', () => {
  test('adds the post-commit hook beside an existing one, prints the line, and removes only its line', async () => {
    const dir = gitRepo();
    const hook = join(dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, '#!/bin/sh\necho committed\n', { mode: 0o755 });
    const result = await runSynapse(['hooks', 'install', '--agent', 'git'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const line = `${EXECUTABLE} hook post-commit || true # added by synapse hooks install`;
    assert.equal(result.stdout, `installed in ${hook}:\n  ${line}\nundo with: synapse hooks uninstall --agent git\n`);
    assert.equal(readFileSync(hook, 'utf8'), `#!/bin/sh\necho committed\n${line}\n`);
    assert.ok(statSync(hook).mode & 0o100, 'executable');
    const removed = await runSynapse(['hooks', 'uninstall', '--agent', 'git'], { cwd: dir });
    assert.equal(removed.stdout, `removed from ${hook}:\n  ${line}\n`);
    assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho committed\n');

    const fresh = gitRepo();
    await runSynapse(['hooks', 'install', '--agent', 'git'], { cwd: fresh });
    const created = join(fresh, '.git', 'hooks', 'post-commit');
    assert.ok(existsSync(created));
    await runSynapse(['hooks', 'uninstall', '--agent', 'git'], { cwd: fresh });
    assert.ok(!existsSync(created), 'a hook file that only ran synapse is removed');
  });

  test('a commit with no synapse on the PATH runs the hook: no "not found", the milestone is stored', async () => {
    const gw = await startAgentGateway();
    try {
      const dir = gitRepo();
      await runSynapse(['hooks', 'install', '--agent', 'git'], { cwd: dir });
      writeFileSync(join(dir, 'README.md'), '# hooked\n');
      const env = {
        PATH: PATH_WITHOUT_SYNAPSE,
        HOME: dir,
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com',
        SYNAPSE_GATEWAY_URL: gw.url,
        SYNAPSE_API_KEY: gw.userKey,
        SYNAPSE_PROJECT_ID: 'hooked',
      };
      execFileSync('git', ['add', '-A'], { cwd: dir, env });
      const commit = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn('git', ['commit', '-q', '-m', 'Hooked commit'], { cwd: dir, env });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.stdout.resume();
        child.on('close', (code) => resolve({ code, stderr }));
      });
      assert.equal(commit.code, 0, commit.stderr);
      assert.doesNotMatch(commit.stderr, /not found/);
      const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, env: {} });
      const context = await synapse.recall('hooked', { view: 'branch', branch: 'main', limit: 5 });
      assert.match(context.milestones?.[0]?.thisContribution ?? '', /^Commit [0-9a-f]{7} by Dev: Hooked commit/);
    } finally {
      await gw.close();
    }
  });
});
