// The part every completion route shares (chat, Messages, Responses, legacy completions): read the
// cache directives and the caller's own provider key, run the pipeline, write the outcome in the
// route's wire shape; record the call in the request log and against the agent session it belongs to. Not async: a cache
// hit from memory is answered without a promise. The workspace headers scope the cache; x-synapse-preview-cache answers
// the cache's prediction instead (cache-preview.ts).
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { agentSessionOf, type AgentSession } from '../../../domain/agents/agent-session-identity.js';
import type { Principal } from '../../../domain/auth/principal.js';
import type { AgentSessionTracker } from '../../../domain/agents/agent-session-tracker.js';
import { workspaceScope } from '../../../domain/cache/workspace-scope.js';
import type { CompletionCall, CompletionPipeline, FinishedCall, UpstreamTarget } from '../../../domain/proxy/completion-pipeline.js';
import type { CompletionProtocol } from '../../../domain/proxy/completion-protocol.js';
import type { ProxyRequestHeaders } from '../../contract/proxy/proxy-wire-schemas.js';
import { principalOf } from '../../middleware/authenticate.js';
import { readCacheDirectives, type CacheDirectives } from './cache-directives.js';
import { sendPreview, wantsPreview } from './cache-preview.js';
import { openCallLog, type CallRecorder } from './call-log.js';
import { disconnectSignal } from './disconnect-signal.js';
import { sendOutcome, type AnswerWire } from './outcome-writer.js';

export interface CompletionRequest<Body, Answer> {
  protocol: CompletionProtocol<Body, Answer>;
  wire: AnswerWire<Body, Answer>;
  body: Body;
  target: UpstreamTarget;
}

export interface CompletionServices {
  pipeline: CompletionPipeline;
  agentSessions: AgentSessionTracker;
  /** The request log and per-call metrics. */
  callLog: CallRecorder;
  config: { cache: { maxTtlSecs: number } };
}

/** The request headers a proxy route declares (the cache directives among them). */
export type ProxyHeaders = Static<typeof ProxyRequestHeaders>;

export function answerCompletion<Body, Answer>(
  services: CompletionServices,
  request: FastifyRequest & { headers: ProxyHeaders },
  reply: FastifyReply,
  spec: CompletionRequest<Body, Answer>,
): FastifyReply | Promise<FastifyReply> {
  const { protocol, body, wire } = spec;
  const principal = principalOf(request);
  const { headers } = request;
  const { call, missStatus } = completionCall(services, principal, headers, spec, () => disconnectSignal(reply.raw));
  if (wantsPreview(headers)) return services.pipeline.preview(call).then((found) => sendPreview(reply, found));
  const agent = agentSessionOf(headers, body);
  const logCall = openCallLog(services.callLog, request, { provider: spec.target.provider.name, model: protocol.model(body), agent, body });
  // The text the body was parsed from, unless the route passed a body of its own making.
  if (body === request.body && request.bodyText !== null) call.bodyText = request.bodyText;
  if (request.providerKey) call.providerApiKey = request.providerKey;
  call.onFinished = callFinished(services, principal.tenantId, agent, logCall);
  const outcome = services.pipeline.complete(call);
  const context = { body, stream: protocol.wantsStream(body), missStatus };
  if (!(outcome instanceof Promise)) return sendOutcome(reply, outcome, wire, context);
  return outcome.then((settled) => sendOutcome(reply, settled, wire, context));
}

/**
 * The pipeline call of a completion request, before it is made: the caller's tenant, the cache
 * directives of its headers, the workspace it was asked from. Also used by the hit shortcut.
 *
 * Every field of the call is present from here on, undefined until the caller sets it, so that every
 * call has one hidden class. Calls were made by spreading this one into a new literal with the
 * caller's fields: once optimized, V8 gave each such copy a hidden class of its own, and every read
 * of a call's fields in the pipeline then missed its inline cache (4 µs of a cache hit's 41 on the
 * main thread; docs/benchmarks.md).
 */
export function completionCall<Body, Answer>(
  services: CompletionServices,
  principal: Principal,
  headers: ProxyHeaders,
  spec: CompletionRequest<Body, Answer>,
  clientSignal: () => AbortSignal,
): { call: CompletionCall<Body, Answer>; missStatus: CacheDirectives['missStatus'] } {
  const directives = readCacheDirectives(headers, { role: principal.role, maxTtlSecs: services.config.cache.maxTtlSecs });
  const scope = workspaceScope({ workspace: headers['x-synapse-workspace-context'], code: headers['x-synapse-code-context'] });
  const call: CompletionCall<Body, Answer> = {
    tenantId: principal.tenantId,
    protocol: spec.protocol,
    body: spec.body,
    bodyText: undefined,
    target: spec.target,
    cache: directives.policy,
    scope,
    providerApiKey: undefined,
    clientSignal,
    onFinished: undefined,
  };
  return { call, missStatus: directives.missStatus };
}

/** What a finished call reports: its request-log row, and its agent session's usage. */
export function callFinished(
  services: CompletionServices,
  tenantId: string,
  agent: AgentSession | undefined,
  logCall: (usage: FinishedCall) => void,
): (usage: FinishedCall) => void {
  return (usage) => {
    logCall(usage);
    if (agent) services.agentSessions.record(tenantId, agent, usage);
  };
}

/** The parts of a request a route's completion depends on besides its body (the hit shortcut has them too). */
export interface RequestParts {
  headers: ProxyHeaders & IncomingHttpHeaders;
  url: string;
}

/** Client headers an upstream of that API needs to see (only those: never credentials). */
export function forwardedHeaders(request: RequestParts, names: readonly string[]): Record<string, string> | undefined {
  let headers: Record<string, string> | undefined;
  for (const name of names) {
    const value = request.headers[name];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) (headers ??= {})[name] = text;
  }
  return headers;
}

/** The raw query string of the request, without the `?`; undefined when there is none. */
export function queryOf(request: RequestParts): string | undefined {
  const index = request.url.indexOf('?');
  return index === -1 || index === request.url.length - 1 ? undefined : request.url.slice(index + 1);
}
