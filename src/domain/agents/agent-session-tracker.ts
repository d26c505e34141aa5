// Usage of the proxy per agent session: record() adds a call to an in-memory total per (tenant,
// session) and a timer writes the totals to the store once a second, so the hot path never waits on it.
import { SynapseError } from '../../errors.js';
import { agentSessionCursor, decodeAgentSessionCursor } from '../../stores/ports/agent-session-cursor.js';
import type { AgentSessionQuery, AgentSessionStore, AgentSessionSummary, AgentSessionUsage } from '../../stores/ports/agent-session-store.js';
import type { Logger } from '../logger.js';
import { agentTypeOf, sessionIdOf, UNKNOWN_AGENT_TYPE, type AgentSession } from './agent-session-identity.js';

export interface AgentCallUsage {
  cacheHit: boolean;
  /** Tokens of the call, also when the cache answered it. */
  inputTokens: number;
  outputTokens: number;
  /** Spent upstream (0 on a hit). */
  costUsd: number;
  /** What a hit would have cost upstream (0 on a miss). */
  costSavedUsd: number;
}

export interface AgentSessionTrackerOptions {
  now?: () => number;
  flushIntervalMs?: number;
  /** Sessions held in memory at most, waiting to be written; calls of further sessions are dropped. */
  maxPendingSessions?: number;
}

export interface AgentSessionPage {
  sessions: AgentSessionSummary[];
  /** Present when the page is full: pass it as `before` for the next one. */
  nextCursor?: string;
}

export class AgentSessionTracker {
  private pending = new Map<string, AgentSessionUsage>();
  private flushes: Promise<void> = Promise.resolve();
  private flushesQueued = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly flushIntervalMs: number;
  private readonly maxPending: number;

  constructor(
    private readonly store: AgentSessionStore,
    private readonly logger: Logger,
    options: AgentSessionTrackerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.maxPending = options.maxPendingSessions ?? 10_000;
  }

  /** Adds one proxied call to its session's pending total: a map update, nothing awaited. */
  record(tenantId: string, agent: AgentSession, call: AgentCallUsage): void {
    const sessionId = sessionIdOf(agent.sessionId);
    if (!sessionId) return;
    const at = this.now();
    const row: AgentSessionUsage = {
      tenantId, sessionId, agentType: agentTypeOf(agent.type), requests: 1, cacheHits: call.cacheHit ? 1 : 0,
      inputTokens: countOf(call.inputTokens), outputTokens: countOf(call.outputTokens),
      costUsd: amountOf(call.costUsd), costSavedUsd: amountOf(call.costSavedUsd), firstSeenAt: at, lastSeenAt: at,
    };
    this.addPending(row);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.flushesQueued === 0) void this.flush();
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  /** Writes everything recorded so far; never rejects (a failed write is logged and retried later). */
  flush(): Promise<void> {
    this.flushesQueued++;
    this.flushes = this.flushes.then(() => this.writePending()).finally(() => void this.flushesQueued--);
    return this.flushes;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.pending.size > 0) {
      this.logger.error({ sessions: this.pending.size }, 'agent sessions: usage not written before shutdown is lost');
    }
  }

  /** One page of sessions, newest first; this instance's pending usage is written first. */
  async list(tenantId: string | undefined, query: AgentSessionQuery): Promise<AgentSessionPage> {
    if (query.before !== undefined && !decodeAgentSessionCursor(query.before)) {
      throw new SynapseError('validation_failed', { detail: 'before must be a cursor from an earlier page' });
    }
    await this.flush();
    const sessions = await this.store.list(tenantId, query);
    const last = sessions.length === query.limit ? sessions.at(-1) : undefined;
    return last ? { sessions, nextCursor: agentSessionCursor(last) } : { sessions };
  }

  async get(tenantId: string, sessionId: string): Promise<AgentSessionSummary> {
    await this.flush();
    const session = await this.store.get(tenantId, sessionId);
    if (!session) throw new SynapseError('agent_session_not_found', { sessionId });
    return session;
  }

  private async writePending(): Promise<void> {
    if (this.dropped > 0) {
      this.logger.warn(
        { calls: this.dropped, maxPendingSessions: this.maxPending },
        'agent sessions: too many sessions waiting to be written; usage dropped',
      );
      this.dropped = 0;
    }
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.addUsage([...batch.values()]);
    } catch (error) {
      this.logger.error({ err: error, sessions: batch.size }, 'agent sessions: usage not written; kept for the next flush');
      for (const row of batch.values()) this.addPending(row);
    }
  }

  private addPending(row: AgentSessionUsage): void {
    const key = `${row.tenantId}\u0000${row.sessionId}`;
    const total = this.pending.get(key);
    if (!total) {
      if (this.pending.size < this.maxPending) this.pending.set(key, row);
      else this.dropped += row.requests;
      return;
    }
    if (total.agentType === UNKNOWN_AGENT_TYPE) total.agentType = row.agentType;
    total.requests += row.requests;
    total.cacheHits += row.cacheHits;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.costUsd += row.costUsd;
    total.costSavedUsd += row.costSavedUsd;
    total.firstSeenAt = Math.min(total.firstSeenAt, row.firstSeenAt);
    total.lastSeenAt = Math.max(total.lastSeenAt, row.lastSeenAt);
  }
}

const countOf = (value: number): number => (Number.isFinite(value) && value > 0 ? Math.round(value) : 0);
const amountOf = (value: number): number => (Number.isFinite(value) && value > 0 ? value : 0);
