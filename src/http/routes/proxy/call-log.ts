// One request-log row and one set of proxy metrics per proxied call. A route opens a draft on the
// request; the pipeline reports the call's usage into it, and the response hook adds status and
// latency. Whichever comes last (a stream's usage can follow its response) hands the row to the
// writer, which queues it: nothing here waits on a store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { agentTypeOf, sessionIdOf, type AgentSession } from '../../../domain/agents/agent-session-identity.js';
import type { PriceTable } from '../../../domain/cache/model-prices.js';
import type { FinishedCall } from '../../../domain/proxy/completion-pipeline.js';
import type { RequestLogWriter } from '../../../domain/request-log/request-log-writer.js';
import type { ProxyCallMetrics } from '../../../metrics/gateway-metrics.js';
import { principalOf } from '../../middleware/authenticate.js';

/** Bodies kept with SYNAPSE_LOG_BODIES are cut to this many characters. */
export const MAX_LOGGED_BODY = 16 * 1024;

export interface CallRecorder {
  writer: RequestLogWriter;
  metrics: ProxyCallMetrics;
  prices: PriceTable;
  bodies: boolean;
}

export interface CallDraft {
  recorder: CallRecorder;
  startedAt: number;
  requestId: string;
  tenantId: string;
  keyId: string | null;
  endpoint: string;
  provider: string;
  model: string;
  agent: AgentSession | undefined;
  requestBody: string | null;
  responseBody: string | null;
  usage?: FinishedCall;
  errorType?: string;
  responded?: { status: number; latencyMs: number };
  done?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    callLog?: CallDraft;
  }
}

const ENDPOINTS: Record<string, string> = {
  '/v1/chat/completions': 'chat.completions',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
  '/v1/messages': 'messages',
  '/v1/responses': 'responses',
};

/** The metrics' cache label of a call (the same strings each time: the metrics find their series by them). */
const HIT_LABELS = { exact: 'hit_exact', semantic: 'hit_semantic' } as const;
const OUTCOME_LABELS = { HIT: 'hit', MISS: 'miss', SKIP: 'skip', BYPASS: 'bypass' } as const;

/** Who made a call and where, as its row records it. */
export interface CallIdentity {
  requestId: string;
  tenantId: string;
  keyId: string | null;
  /** The route's URL pattern (or the request's URL when unrouted). */
  url: string;
}

/** What the route knows of the call when it starts. */
export interface CallStart {
  provider: string;
  model: string;
  agent?: AgentSession | undefined;
  body: unknown;
}

/** Starts the row of this call; returns the function the pipeline reports usage to. */
export function openCallLog(recorder: CallRecorder, request: FastifyRequest, call: CallStart): (usage: FinishedCall) => void {
  const principal = principalOf(request);
  const draft = startCall(recorder, { requestId: request.id, tenantId: principal.tenantId, keyId: principal.keyId || null, url: request.route?.url ?? request.url }, call);
  request.callLog = draft;
  return usageReporter(draft);
}

/** The row of a call, not yet handed to the writer: it is once both its usage and its response are known. */
export function startCall(recorder: CallRecorder, identity: CallIdentity, call: CallStart): CallDraft {
  return {
    recorder,
    startedAt: Date.now(),
    requestId: identity.requestId,
    tenantId: identity.tenantId,
    keyId: identity.keyId,
    endpoint: ENDPOINTS[identity.url] ?? identity.url,
    provider: call.provider,
    model: call.model,
    agent: call.agent && sessionIdOf(call.agent.sessionId) ? call.agent : undefined,
    requestBody: recorder.bodies ? truncate(JSON.stringify(call.body)) : null,
    responseBody: null,
  };
}

/** The function the pipeline reports the call's usage to. */
export function usageReporter(draft: CallDraft): (usage: FinishedCall) => void {
  return (usage) => {
    draft.usage = usage;
    if (draft.responded) finish(draft);
  };
}

/** The call's response went out: its status and latency. */
export function callResponded(draft: CallDraft, status: number, latencyMs: number): void {
  draft.responded = { status, latencyMs };
  // A failed call may never report usage (it failed before the pipeline); a stream's may follow.
  if (draft.usage || status >= 400) finish(draft);
}

/** Usage of a call the cache does not handle (embeddings): its input tokens at the model's price. */
export function relayedUsage(request: FastifyRequest, inputTokens: number): void {
  const draft = request.callLog;
  if (!draft) return;
  draft.usage = {
    cacheHit: false, inputTokens, outputTokens: 0, costUsd: draft.recorder.prices.estimateCostUsd(draft.model, inputTokens, 0),
    costSavedUsd: 0, cacheStatus: 'SKIP', coalesced: false, failed: false,
  };
}

/** The error type the client was sent, for the row of a call that failed. */
export function noteCallError(request: FastifyRequest, errorType: string): void {
  if (request.callLog) request.callLog.errorType = errorType;
}

export function registerCallLog(app: FastifyInstance, bodies: boolean): void {
  if (bodies) {
    app.addHook('onSend', async (request, _reply, payload) => {
      const draft = request.callLog;
      if (draft && (typeof payload === 'string' || Buffer.isBuffer(payload))) draft.responseBody = truncate(String(payload));
      return payload;
    });
  }
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const draft = request.callLog;
    if (draft) callResponded(draft, reply.statusCode, reply.elapsedTime);
    done();
  });
}

function finish(draft: CallDraft): void {
  if (draft.done || !draft.responded) return;
  draft.done = true;
  const { usage, responded, recorder } = draft;
  const status = responded.status;
  const latencyMs = Math.max(responded.latencyMs, usage ? Date.now() - draft.startedAt : 0);
  const cacheStatus = usage?.cacheStatus ?? 'SKIP';
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const failed = status >= 400 || usage?.failed === true;
  recorder.metrics.recordProxyCall({
    endpoint: draft.endpoint,
    provider: draft.provider,
    model: recorder.prices.familyOf(draft.model) ?? 'other',
    cache: failed ? 'error' : cacheStatus === 'HIT' ? HIT_LABELS[usage?.cacheTier ?? 'exact'] : OUTCOME_LABELS[cacheStatus],
    inputTokens,
    outputTokens,
    seconds: latencyMs / 1000,
  });
  if (!recorder.writer.enabled) return;
  recorder.writer.record({
    id: '',
    timestamp: draft.startedAt,
    tenantId: draft.tenantId,
    keyId: draft.keyId,
    endpoint: draft.endpoint,
    provider: draft.provider,
    model: draft.model,
    status,
    cacheStatus,
    cacheTier: cacheStatus === 'HIT' ? (usage?.cacheTier ?? 'exact') : null,
    similarity: cacheStatus === 'HIT' ? (usage?.similarity ?? null) : null,
    latencyMs: round(latencyMs),
    upstreamLatencyMs: usage?.upstreamLatencyMs === undefined ? null : round(usage.upstreamLatencyMs),
    inputTokens,
    outputTokens,
    cost: usage?.costUsd ?? 0,
    costSaved: usage?.costSavedUsd ?? 0,
    coalesced: usage?.coalesced ?? false,
    agentType: draft.agent ? agentTypeOf(draft.agent.type) : null,
    agentSessionId: draft.agent ? (sessionIdOf(draft.agent.sessionId) ?? null) : null,
    requestId: draft.requestId,
    errorType: draft.errorType ?? (failed && status < 400 ? 'stream_error' : null),
    requestBody: draft.requestBody,
    responseBody: draft.responseBody,
  });
}

const truncate = (text: string): string => (text.length > MAX_LOGGED_BODY ? text.slice(0, MAX_LOGGED_BODY) : text);
const round = (ms: number): number => Math.round(ms * 1000) / 1000;
