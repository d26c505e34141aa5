// The workspace a request was asked from, as part of its cache partition: an answer given for one
// state of a repository (commit, uncommitted changes, files) is never served for another. Clients
// describe the state the way WorldFlow's gateway reads it:
//   x-synapse-workspace-context: commit:<hash>,dirty:<n>,files_hash:<h>,root:<path>
//   x-synapse-code-context: a JSON object (git_commit, mentioned_files_mtime, ...)
// Both are normalised so that formatting alone (spacing, key order, letter case of keys and hashes)
// never splits the cache; every key is kept, known or not, since a false hit is worse than a miss.
import { hash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { SynapseError } from '../../errors.js';

/** The longest context header accepted (characters); a larger one is refused, never cut. */
export const MAX_CONTEXT_HEADER_LENGTH = 8192;

/** Keys whose values are hex digests: compared without letter case. */
const HASH_KEYS = new Set(['commit', 'files_hash', 'git_commit', 'head', 'hash']);

export interface WorkspaceContext {
  /** The raw x-synapse-workspace-context value. */
  workspace?: string | undefined;
  /** The raw x-synapse-code-context value. */
  code?: string | undefined;
}

/**
 * A short digest of the normalised contexts, or undefined when the request has none (its cache
 * entries are then those of every request without a context, as before these headers).
 * Throws validation_failed for a context that cannot be read.
 */
export function workspaceScope(context: WorkspaceContext): string | undefined {
  const workspace = blank(context.workspace) ? undefined : normaliseWorkspace(context.workspace!);
  const code = blank(context.code) ? undefined : normaliseCode(context.code!);
  if (workspace === undefined && code === undefined) return undefined;
  return hash('sha256', stringify({ workspace: workspace ?? null, code: code ?? null }) ?? '', 'base64url');
}

/** `commit:ABC, dirty:2` and `dirty:2,commit:abc` are the same workspace. */
export function normaliseWorkspace(text: string): Record<string, string> {
  checkLength('x-synapse-workspace-context', text);
  const fields: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon <= 0) {
      throw new SynapseError('validation_failed', {
        detail: `x-synapse-workspace-context must be comma-separated key:value pairs (commit:<hash>,dirty:<n>,files_hash:<h>,root:<path>); '${part.trim().slice(0, 64)}' is not one`,
      });
    }
    const key = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).trim();
    fields[key] = HASH_KEYS.has(key) ? value.toLowerCase() : value;
  }
  return fields;
}

/** The code context's JSON with its keys sorted and hash values in lower case. */
export function normaliseCode(text: string): unknown {
  checkLength('x-synapse-code-context', text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SynapseError('validation_failed', { detail: 'x-synapse-code-context must be a JSON object (git_commit, mentioned_files_mtime, ...)' });
  }
  return lowerCaseHashes(parsed);
}

function lowerCaseHashes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseHashes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, HASH_KEYS.has(key.toLowerCase()) && typeof field === 'string' ? field.trim().toLowerCase() : lowerCaseHashes(field)]),
  );
}

function checkLength(header: string, text: string): void {
  if (text.length > MAX_CONTEXT_HEADER_LENGTH) {
    throw new SynapseError('validation_failed', { detail: `${header} may be at most ${MAX_CONTEXT_HEADER_LENGTH} characters` });
  }
}

function blank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}
