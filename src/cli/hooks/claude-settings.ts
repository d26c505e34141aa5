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

export interface SettingsChange {
  path: string;
  changed: string[];
}

/** True for a command this installer wrote: `<something>synapse<...> hook <event>`. */
export function isSynapseHook(command: string | undefined, event: string): boolean {
  return command !== undefined && /synapse\S*\s+hook\s+/.test(command) && command.trimEnd().endsWith(` hook ${event}`);
}

export function installClaudeHooks(path: string, executable: string): SettingsChange {
  const settings = readSettings(path);
  const hooks = (settings.hooks ??= {});
  const changed: string[] = [];
  for (const [claudeEvent, event] of CLAUDE_HOOK_EVENTS) {
    const groups = (hooks[claudeEvent] ??= []);
    const present = groups.some((group) => group.hooks?.some((hook) => isSynapseHook(hook.command, event)));
    if (present) continue;
    // Timeouts are in seconds; the hook itself gives up after 2 s, this is only a backstop.
    groups.push({ matcher: '', hooks: [{ type: 'command', command: `${executable} hook ${event}`, timeout: 10 }] });
    changed.push(claudeEvent);
  }
  if (changed.length > 0) writeSettings(path, settings);
  return { path, changed };
}

export function uninstallClaudeHooks(path: string): SettingsChange {
  if (!existsSync(path)) return { path, changed: [] };
  const settings = readSettings(path);
  const changed: string[] = [];
  for (const [claudeEvent, event] of CLAUDE_HOOK_EVENTS) {
    const groups = settings.hooks?.[claudeEvent];
    if (!Array.isArray(groups)) continue;
    const kept: MatcherGroup[] = [];
    for (const group of groups) {
      const remaining = (group.hooks ?? []).filter((hook) => !isSynapseHook(hook.command, event));
      if (remaining.length === (group.hooks ?? []).length) kept.push(group);
      else if (remaining.length > 0) kept.push({ ...group, hooks: remaining });
    }
    if (kept.length === groups.length && kept.every((group, i) => group === groups[i])) continue;
    changed.push(claudeEvent);
    if (kept.length > 0) settings.hooks![claudeEvent] = kept;
    else delete settings.hooks![claudeEvent];
  }
  if (changed.length === 0) return { path, changed };
  if (settings.hooks && Object.keys(settings.hooks).length === 0) delete settings.hooks;
  writeSettings(path, settings);
  return { path, changed };
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
