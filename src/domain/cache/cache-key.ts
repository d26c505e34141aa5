// The exact-match cache key: a hash of the tenant and of every request field that can change
// the answer. Fields that only steer delivery or bookkeeping are left out, so a streamed and a
// plain request share one entry; anything unknown is kept in, because a false hit is worse than
// a miss.
import { hash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

const FIELDS_WITHOUT_EFFECT_ON_OUTPUT = new Set([
  'stream',
  'stream_options',
  'session_id',
  'user',
  'metadata',
  'store',
  'service_tier',
  'safety_identifier',
  'prompt_cache_key',
]);

/**
 * `keyspace` keeps each API's entries apart (see CompletionProtocol.keyspace); chat completions use
 * the empty keyspace, so their keys are the ones earlier versions computed. `scope` is the workspace
 * the request was asked from (workspace-scope.ts): entries of different workspaces never meet.
 */
export function computeCacheKey(tenantId: string, body: Record<string, unknown>, keyspace = '', scope?: string): string {
  const partition = keyspace === '' ? tenantId : tenantId + '\u0000' + keyspace;
  return hashOutputAffecting(scope === undefined ? partition : partition + '\u0000workspace:' + scope, body);
}

/** SHA-256 of the tenant and the canonical JSON of the body's output-affecting fields. */
export function hashOutputAffecting(tenantId: string, body: Record<string, unknown>): string {
  const material: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!FIELDS_WITHOUT_EFFECT_ON_OUTPUT.has(key)) material[key] = body[key];
  }
  return hash('sha256', tenantId + '\u0000' + (stringify(material) ?? ''), 'hex');
}
