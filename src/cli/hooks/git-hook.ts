// Installs `synapse hook post-commit` as a git post-commit hook beside whatever the hook already
// runs, and removes exactly that line again.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const MARKER = '# added by synapse hooks install';

export function installGitHook(path: string, executable: string): boolean {
  const line = `${executable} hook post-commit || true ${MARKER}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current.includes(MARKER)) return false;
  const base = current.trim() ? current.replace(/\n*$/, '\n') : '#!/bin/sh\n';
  writeFileSync(path, `${base}${line}\n`);
  chmodSync(path, 0o755);
  return true;
}

export function uninstallGitHook(path: string): boolean {
  if (!existsSync(path)) return false;
  const current = readFileSync(path, 'utf8');
  if (!current.includes(MARKER)) return false;
  const kept = current.split('\n').filter((line) => !line.includes(MARKER));
  const rest = kept.filter((line) => line.trim() && !line.startsWith('#!'));
  if (rest.length === 0) rmSync(path);
  else writeFileSync(path, kept.join('\n'));
  return true;
}
