// The opaque `before` cursor of agent session listings: the position (lastSeenAt, tenantId,
// sessionId) of the last session of a page, in the order every backend lists them.
import type { AgentSessionSummary } from './agent-session-store.js';

export interface AgentSessionPosition {
  lastSeenAt: number;
  tenantId: string;
  sessionId: string;
}

export function agentSessionCursor(session: AgentSessionSummary): string {
  return Buffer.from(JSON.stringify([session.lastSeenAt, session.tenantId, session.sessionId])).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one agentSessionCursor() made. */
export function decodeAgentSessionCursor(cursor: string): AgentSessionPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [lastSeenAt, tenantId, sessionId] = value as unknown[];
    if (!Number.isSafeInteger(lastSeenAt) || typeof tenantId !== 'string' || typeof sessionId !== 'string') return undefined;
    return { lastSeenAt: lastSeenAt as number, tenantId, sessionId };
  } catch {
    return undefined;
  }
}
