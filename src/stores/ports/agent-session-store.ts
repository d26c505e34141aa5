// Port for per-agent-session usage of the proxy: one row per (tenant, agent session id) whose
// counters only ever grow, written in batches by the domain's AgentSessionTracker.

export const MAX_AGENT_SESSION_ID_LENGTH = 256;

/** Usage of one agent session: increments when written, running totals when read. Times are epoch ms. */
export interface AgentSessionUsage {
  tenantId: string;
  /** At most MAX_AGENT_SESSION_ID_LENGTH characters. */
  sessionId: string;
  /** `claude-code`, `codex`, or what the caller named; `unknown` is replaced by the first known type. */
  agentType: string;
  requests: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** Spent upstream on cache misses. */
  costUsd: number;
  /** What the cache hits would have cost upstream. */
  costSavedUsd: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

export type AgentSessionSummary = AgentSessionUsage;

export interface AgentSessionQuery {
  agentType?: string;
  limit: number;
  /** A cursor from agentSessionCursor(): only sessions listed after that one. */
  before?: string;
}

export interface AgentSessionStore {
  /**
   * Adds each row's counters to the stored session (created on first use) in one transaction:
   * first/last seen widen, agent type kept. Rows may repeat a session; concurrent writers never lose counts.
   */
  addUsage(rows: AgentSessionUsage[]): Promise<void>;
  /** One tenant's sessions (every tenant's when undefined), most recently seen first. */
  list(tenantId: string | undefined, query: AgentSessionQuery): Promise<AgentSessionSummary[]>;
  get(tenantId: string, sessionId: string): Promise<AgentSessionSummary | undefined>;
  /** Removes sessions last seen before the cutoff (epoch ms); returns how many. */
  deleteOlderThan(cutoffMs: number): Promise<number>;
}
