// Which agent session a proxied call belongs to, read from the plain headers (lower-case names, as
// Node gives them) and the parsed body: Claude Code's header, Codex's client_metadata, or Synapse's own.
import { MAX_AGENT_SESSION_ID_LENGTH } from '../../stores/ports/agent-session-store.js';

export interface AgentSession {
  type: string;
  sessionId: string;
}

export type PlainHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export const UNKNOWN_AGENT_TYPE = 'unknown';

const AGENT_TYPE = /^[A-Za-z0-9._-]{1,64}$/;
// Control characters would never be a real id, and PostgreSQL refuses NUL in text.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * In order: `X-Claude-Code-Session-Id` (claude-code), `client_metadata.session_id` (codex), then
 * `x-synapse-agent-session` or `session_id` with the type from `x-synapse-agent-type` (else `unknown`).
 * An id is trimmed; an empty one, one longer than 256 characters or with control characters is ignored.
 */
export function agentSessionOf(headers: PlainHeaders, body: unknown): AgentSession | undefined {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const claudeCode = sessionIdOf(headers['x-claude-code-session-id']);
  if (claudeCode) return { type: 'claude-code', sessionId: claudeCode };
  const metadata = fields.client_metadata;
  const codex =
    typeof metadata === 'object' && metadata !== null ? sessionIdOf((metadata as Record<string, unknown>).session_id) : undefined;
  if (codex) return { type: 'codex', sessionId: codex };
  const own = sessionIdOf(headers['x-synapse-agent-session']) ?? sessionIdOf(fields.session_id);
  if (!own) return undefined;
  return { type: agentTypeOf(headers['x-synapse-agent-type']), sessionId: own };
}

/** A caller-named agent type (letters, digits, `.`, `_`, `-`, up to 64), else `unknown`. */
export function agentTypeOf(value: unknown): string {
  const raw = first(value);
  const type = typeof raw === 'string' ? raw.trim() : '';
  return AGENT_TYPE.test(type) ? type : UNKNOWN_AGENT_TYPE;
}

/** A usable session id, or undefined. */
export function sessionIdOf(value: unknown): string | undefined {
  const raw = first(value);
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  return id.length > 0 && id.length <= MAX_AGENT_SESSION_ID_LENGTH && !CONTROL.test(id) ? id : undefined;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
