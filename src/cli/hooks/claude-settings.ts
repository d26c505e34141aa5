// Adds Synapse's hooks to a Claude Code settings file (.claude/settings.json) and removes exactly
// them again, leaving every other setting and hook as it was.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CommandError } from '../usage-error.js';

/** Claude Code hook event -> `synapse hook` event. */
export const CLAUDE_HOOK_EVENTS: ReadonlyArray<[string, string]> = [
  ['SessionStart', 'session-start'],
  ['SessionEnd', 'session-end'],
  ['PreCompact', 'pre-compact'],
];

interface HookCommand {
  type: string;
  command?: string;
  timeout?: number;
  [extra: string]: unknown;
}
interface MatcherGroup {
  matcher?: string;
  hooks?: HookCommand[];
  [extra: string]: unknown;
}
type Settings = Record<string, unknown> & { hooks?: Record<string, MatcherGroup[]> };

/** One hook entry written or removed: the Claude Code event and the exact command line. */
export interface HookEntryChange {
  event: string;
  command: string;
  /** For an entry rewritten in place: the command it ran before. */
  previous?: string;
}

export interface SettingsChange {
  path: string;
  changed: HookEntryChange[];
  /** Entries already as wanted (install) and left alone. */
  unchanged: HookEntryChange[];
}

/**
 * True for a command this installer wrote: `<...synapse...> hook <event>`, or exactly
 * `<executable> hook <event>` for an executable given with --command.
 */
export function isSynapseHook(command: string | undefined, event: string, executable?: string): boolean {
  if (command === undefined) return false;
  if (executable !== undefined && command.trim() === `${executable} hook ${event}`) return true;
  return /synapse\S*\s+hook\s+/.test(command) && command.trimEnd().endsWith(` hook ${event}`);
}

/**
 * Adds the three hooks, or rewrites ours in place when they run another command line (an older
 * install that relied on PATH, say), and leaves everything else as it was.
 */
export function installClaudeHooks(path: string, executable: string): SettingsChange {
  const settings = readSettings(path);
  const hooks = (settings.hooks ??= {});
  const changed: HookEntryChange[] = [];
  const unchanged: HookEntryChange[] = [];
  for (const [claudeEvent, event] of CLAUDE_HOOK_EVENTS) {
    const command = `${executable} hook ${event}`;
    const groups = (hooks[claudeEvent] ??= []);
    const ours = groups.flatMap((group) => group.hooks ?? []).find((hook) => isSynapseHook(hook.command, event, executable));
    if (ours?.command === command) {
      unchanged.push({ event: claudeEvent, command });
    } else if (ours) {
      changed.push({ event: claudeEvent, command, previous: ours.command! });
      ours.command = command;
    } else {
      // Timeouts are in seconds; the hook itself gives up after 2 s, this is only a backstop.
      groups.push({ matcher: '', hooks: [{ type: 'command', command, timeout: 10 }] });
      changed.push({ event: claudeEvent, command });
    }
  }
  if (changed.length > 0) writeSettings(path, settings);
  return { path, changed, unchanged };
}

/** Removes exactly the entries `installClaudeHooks` wrote (and groups left empty by that). */
export function uninstallClaudeHooks(path: string, executable?: string): SettingsChange {
  if (!existsSync(path)) return { path, changed: [], unchanged: [] };
  const settings = readSettings(path);
  const changed: HookEntryChange[] = [];
  for (const [claudeEvent, event] of CLAUDE_HOOK_EVENTS) {
    const groups = settings.hooks?.[claudeEvent];
    if (!Array.isArray(groups)) continue;
    const kept: MatcherGroup[] = [];
    for (const group of groups) {
      const all = group.hooks ?? [];
      const remaining = all.filter((hook) => !isSynapseHook(hook.command, event, executable));
      for (const hook of all) if (!remaining.includes(hook)) changed.push({ event: claudeEvent, command: hook.command ?? '' });
      if (remaining.length === all.length) kept.push(group);
      else if (remaining.length > 0) kept.push({ ...group, hooks: remaining });
    }
    if (kept.length === groups.length && kept.every((group, i) => group === groups[i])) continue;
    if (kept.length > 0) settings.hooks![claudeEvent] = kept;
    else delete settings.hooks![claudeEvent];
  }
  if (changed.length === 0) return { path, changed, unchanged: [] };
  if (settings.hooks && Object.keys(settings.hooks).length === 0) delete settings.hooks;
  writeSettings(path, settings);
  return { path, changed, unchanged: [] };
}

function readSettings(path: string): Settings {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CommandError(`${path} is not valid JSON (${(error as Error).message}); fix it first, nothing was changed`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CommandError(`${path} must hold a JSON object`);
  const settings = value as Settings;
  if (settings.hooks !== undefined && (typeof settings.hooks !== 'object' || settings.hooks === null || Array.isArray(settings.hooks))) {
    throw new CommandError(`${path}: "hooks" must be an object`);
  }
  return settings;
}

function writeSettings(path: string, settings: Settings): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(settings, null, 2) + '\n');
}
