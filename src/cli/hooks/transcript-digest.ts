// Reads a Claude Code session transcript (JSONL: one user/assistant/system/summary record per line)
// into a digest of what the session did: user requests, files changed, commands run, commits.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

export interface SessionDigest {
  userRequests: string[];
  filesChanged: string[];
  commands: string[];
  /** `abc1234 subject` per commit seen in the session. */
  commits: string[];
  toolCalls: number;
  /** The assistant's last text: usually its own summary of where things stand. */
  lastAssistantText: string | undefined;
  startedAt: string | undefined;
  endedAt: string | undefined;
}

const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);
/** User records that are Claude Code's own plumbing, not something the person asked. */
const PLUMBING = /^\s*(<command-name>|<command-message>|<local-command-stdout>|<local-command-stderr>|<system-reminder>|Caveat: The messages below)/;
/** What `git commit` prints first: `[branch abc1234] subject`. */
const COMMIT_LINE = /^\[[^\]\s]+(?: \(root-commit\))? ([0-9a-f]{7,40})\] (.+)$/m;

type Block = { type?: string; text?: string; name?: string; input?: Record<string, unknown>; content?: unknown };
interface TranscriptRecord {
  type?: string;
  isMeta?: boolean;
  isCompactSummary?: boolean;
  timestamp?: string;
  /** Where the agent was working when it wrote the record. */
  cwd?: string;
  message?: { role?: string; content?: string | Block[] };
}

export async function readTranscript(path: string, cwd: string): Promise<SessionDigest> {
  return digestTranscript(await readFile(path, 'utf8'), cwd);
}

export function digestTranscript(jsonl: string, cwd: string): SessionDigest {
  const digest: SessionDigest = {
    userRequests: [],
    filesChanged: [],
    commands: [],
    commits: [],
    toolCalls: 0,
    lastAssistantText: undefined,
    startedAt: undefined,
    endedAt: undefined,
  };
  for (const line of jsonl.split('\n')) {
    const record = parseLine(line);
    if (!record || (record.type !== 'user' && record.type !== 'assistant')) continue;
    if (record.timestamp) {
      digest.startedAt ??= record.timestamp;
      digest.endedAt = record.timestamp;
    }
    if (record.type === 'user') readUser(record, digest);
    else readAssistant(record, digest, record.cwd ?? cwd);
  }
  return digest;
}

function readUser(record: TranscriptRecord, digest: SessionDigest): void {
  if (record.isMeta || record.isCompactSummary) return;
  const content = record.message?.content;
  if (typeof content === 'string') {
    addRequest(digest, content);
    return;
  }
  for (const block of content ?? []) {
    if (block.type === 'text' && block.text) addRequest(digest, block.text);
    if (block.type === 'tool_result') {
      const commit = COMMIT_LINE.exec(textOf(block.content));
      if (commit) addUnique(digest.commits, `${commit[1]!.slice(0, 7)} ${commit[2]!.trim()}`);
    }
  }
}

function readAssistant(record: TranscriptRecord, digest: SessionDigest, cwd: string): void {
  const content = record.message?.content;
  if (typeof content === 'string') {
    if (content.trim()) digest.lastAssistantText = content.trim();
    return;
  }
  for (const block of content ?? []) {
    if (block.type === 'text' && block.text?.trim()) digest.lastAssistantText = block.text.trim();
    if (block.type !== 'tool_use') continue;
    digest.toolCalls++;
    const input = block.input ?? {};
    if (EDIT_TOOLS.has(block.name ?? '')) {
      const file = input.file_path ?? input.notebook_path;
      if (typeof file === 'string') addUnique(digest.filesChanged, displayPath(file, cwd));
    }
    if (block.name === 'Bash' && typeof input.command === 'string') addUnique(digest.commands, input.command.trim());
  }
}

function addRequest(digest: SessionDigest, text: string): void {
  if (!text.trim() || PLUMBING.test(text)) return;
  digest.userRequests.push(text.trim());
}

function addUnique(list: string[], value: string): void {
  if (value && !list.includes(value)) list.push(value);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('\n');
  return '';
}

function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

function parseLine(line: string): TranscriptRecord | undefined {
  if (!line.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as TranscriptRecord) : undefined;
  } catch {
    return undefined; // a half-written last line while the session is still running
  }
}
