// Installs `synapse hook post-commit` as a git post-commit hook beside whatever the hook already
// runs, and removes exactly that line again. The line is marked, so a later install can rewrite it.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const MARKER = '# added by synapse hooks install';

export interface GitHookChange {
  /** The line written or removed; undefined when nothing changed. */
  line: string | undefined;
  /** The line ours replaced, when an older install ran another command. */
  previous?: string;
  /** The line already there, when install found it as wanted. */
  unchanged?: string;
}

export function gitHookLine(executable: string): string {
  return `${executable} hook post-commit || true ${MARKER}`;
}

export function installGitHook(path: string, executable: string): GitHookChange {
  const line = gitHookLine(executable);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = current.split('\n');
  const index = lines.findIndex((l) => l.includes(MARKER));
  if (index >= 0 && lines[index] === line) return { line: undefined, unchanged: line };
  if (index >= 0) {
    const previous = lines[index]!;
    lines[index] = line;
    writeFileSync(path, lines.join('\n'));
    return { line, previous };
  }
  const base = current.trim() ? current.replace(/\n*$/, '\n') : '#!/bin/sh\n';
  writeFileSync(path, `${base}${line}\n`);
  chmodSync(path, 0o755);
  return { line };
}

export function uninstallGitHook(path: string): GitHookChange {
  if (!existsSync(path)) return { line: undefined };
  const current = readFileSync(path, 'utf8');
  const lines = current.split('\n');
  const ours = lines.find((line) => line.includes(MARKER));
  if (ours === undefined) return { line: undefined };
  const kept = lines.filter((line) => !line.includes(MARKER));
  const rest = kept.filter((line) => line.trim() && !line.startsWith('#!'));
  if (rest.length === 0) rmSync(path);
  else writeFileSync(path, kept.join('\n'));
  return { line: ours };
}
