// `synapse hooks install|uninstall`: merged into a Claude Code settings file that already has
// other hooks and settings, idempotent, and removed again to the byte; the git post-commit hook.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fixturePath, removeTempDirs, runSynapse, tempDir } from './helpers/agent-kit.js';

after(removeTempDirs);

interface Settings {
  hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ type: string; command: string; timeout?: number }> }>>;
  [key: string]: unknown;
}

function projectWithSettings(): { dir: string; path: string; original: string } {
  const dir = tempDir('synapse-install-');
  const original = readFileSync(fixturePath('claude-settings-with-hooks.json'), 'utf8');
  mkdirSync(join(dir, '.claude'));
  const path = join(dir, '.claude', 'settings.json');
  writeFileSync(path, original);
  return { dir, path, original };
}

describe('synapse hooks install --agent claude-code', () => {
  test('merges the hooks beside the existing ones and keeps every other setting', async () => {
    const { dir, path, original } = projectWithSettings();
    const result = await runSynapse(['hooks', 'install', '--agent', 'claude-code'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /installed SessionStart, SessionEnd, PreCompact in .*\.claude\/settings\.json/);
    const before = JSON.parse(original) as Settings;
    const after = JSON.parse(readFileSync(path, 'utf8')) as Settings;
    assert.deepEqual(after.permissions, before.permissions);
    assert.equal(after.model, 'sonnet');
    assert.deepEqual(after.hooks.PreToolUse, before.hooks.PreToolUse);
    assert.equal(after.hooks.SessionStart!.length, 2);
    assert.deepEqual(after.hooks.SessionStart![0], before.hooks.SessionStart![0], 'the existing SessionStart hook stays first');
    assert.equal(after.hooks.SessionStart![1]!.hooks[0]!.command, 'synapse hook session-start');
    assert.equal(after.hooks.SessionEnd![0]!.hooks[0]!.command, 'synapse hook session-end');
    assert.equal(after.hooks.PreCompact![0]!.hooks[0]!.command, 'synapse hook pre-compact');

    const again = await runSynapse(['hooks', 'install', '--agent', 'claude-code', '--json'], { cwd: dir });
    assert.deepEqual(JSON.parse(again.stdout), { path, installed: [] });
    assert.equal(readFileSync(path, 'utf8'), JSON.stringify(after, null, 2) + '\n', 'installing twice changes nothing');

    const removed = await runSynapse(['hooks', 'uninstall', '--agent', 'claude-code'], { cwd: dir });
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), before, 'uninstall removes exactly ours');
    assert.equal(readFileSync(path, 'utf8'), original);
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

  test('--global writes ~/.claude/settings.json, creating it', async () => {
    const home = tempDir('synapse-home-');
    const result = await runSynapse(['hooks', 'install', '--agent', 'claude-code', '--global'], { cwd: tempDir(), env: { HOME: home } });
    assert.equal(result.code, 0, result.stderr);
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
});

describe('synapse hooks install --agent git', () => {
  test('adds the post-commit hook beside an existing one and removes only its line', async () => {
    const dir = tempDir('synapse-git-');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const hook = join(dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, '#!/bin/sh\necho committed\n', { mode: 0o755 });
    const result = await runSynapse(['hooks', 'install', '--agent', 'git'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const installed = readFileSync(hook, 'utf8');
    assert.match(installed, /^#!\/bin\/sh\necho committed\nsynapse hook post-commit \|\| true # added by synapse hooks install\n$/);
    assert.ok(statSync(hook).mode & 0o100, 'executable');
    await runSynapse(['hooks', 'uninstall', '--agent', 'git'], { cwd: dir });
    assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho committed\n');

    const fresh = tempDir('synapse-git-');
    execFileSync('git', ['init', '-q'], { cwd: fresh });
    await runSynapse(['hooks', 'install', '--agent', 'git'], { cwd: fresh });
    const created = join(fresh, '.git', 'hooks', 'post-commit');
    assert.ok(existsSync(created));
    await runSynapse(['hooks', 'uninstall', '--agent', 'git'], { cwd: fresh });
    assert.ok(!existsSync(created), 'a hook file that only ran synapse is removed');
  });
});
