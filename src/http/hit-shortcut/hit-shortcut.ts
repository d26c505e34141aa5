// The shortcut for exact-cache hits. A request to a completion route is answered straight from the
// node:http request when the exact layer holds its answer in memory: the same credentials check,
// rate limit, request id, validation, headers, body, metrics, request log and access log as the
// routed path, and the same domain calls, without Fastify's per-request machinery (routing, hooks,
// Request and Reply objects), which costs more than the hit itself. Anything else is handed to
// Fastify: requests the shortcut does not take, misses, semantic hits, streams, failures of any
// check (Fastify then answers them in the API's own shape). Answers are written at the end of the
// event loop's turn, together (see answer()). A handed-over request carries the body the shortcut
// read and the rate-limit decision it took (handover.ts), so nothing is taken twice.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { TObject, TSchema } from 'typebox';
import { agentSessionOf } from '../../domain/agents/agent-session-identity.js';
import type { Authenticator } from '../../domain/auth/authenticator.js';
import type { FailedAuthGuard } from '../../domain/auth/failed-auth-guard.js';
import type { Principal } from '../../domain/auth/principal.js';
import { roleAllows } from '../../domain/auth/roles.js';
import type { Logger } from '../../domain/logger.js';
import { GATEWAY_HOP_HEADER } from '../../domain/proxy/upstream-loop.js';
import type { RateLimitDecision } from '../../stores/ports/rate-limiter.js';
import { readCredentials } from '../credentials.js';
import type { ResponseRecorder } from '../middleware/access-log.js';
import type { JsonBodyParser } from '../middleware/json-body-parser.js';
import { takeToken, setRateLimitHeaders, type RateLimitStepDependencies } from '../middleware/rate-limit.js';
import { generateRequestId } from '../request-id.js';
import type { RouteConfig } from '../route-config.js';
import { callResponded, startCall, usageReporter, type CallDraft } from '../routes/proxy/call-log.js';
import { callFinished, completionCall, type CompletionRequest, type CompletionServices, type RequestParts } from '../routes/proxy/completion-route.js';
import { disconnectSignal } from '../routes/proxy/disconnect-signal.js';
import { cachedAnswerJson, JSON_CONTENT_TYPE, setHitHeaders } from '../routes/proxy/outcome-writer.js';
import { compileValidator } from '../validation.js';
import { markHandedOver, replayReadBody } from './handover.js';
import { ParsedBodies, type BodyParser } from './parsed-bodies.js';

/** Bodies above this size are left to Fastify: a repeated request this large is rare, and its parse costs more than the routing. */
export const SHORTCUT_MAX_BODY = 64 * 1024;

/** A completion route the shortcut may answer: its settings and schemas, and the completion it runs. */
export interface ShortcutRoute<Body> {
  config: RouteConfig;
  schema: { body: TSchema; headers: TObject };
  /** The completion the route runs for this body (the route's handler calls the same function). */
  completion(body: Body, request: RequestParts): CompletionRequest<Body, unknown>;
}

/** What the shortcut needs of the app, known once the app is built (start()). */
export interface ShortcutServices {
  authenticator: Authenticator;
  authFailures: FailedAuthGuard | undefined;
  /** Absent when rate limits are off. */
  rateLimits: RateLimitStepDependencies | undefined;
  completions: CompletionServices;
  parseJson: JsonBodyParser;
  recordResponse: ResponseRecorder;
  logger: Logger;
  metrics: { recordShortcutHit(route: string): void };
  /** True while the server is closing: requests then go to Fastify, which refuses them. */
  closing(): boolean;
  afterResponse(): void;
}

interface CompiledRoute {
  url: string;
  route: ShortcutRoute<unknown>;
  validate: (body: unknown) => boolean;
  /** The route's valid bodies by their text; made when the shortcut starts (the parser is the app's). */
  bodies?: ParsedBodies;
  /** Headers that change the route's answer (its declared headers but anthropic-version): requests with one go to Fastify. */
  declaredHeaders: string[];
}

type FastifyHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A request the shortcut tries: its headers (none the route declares) and its announced length. */
interface TakenRequest {
  headers: RequestParts['headers'];
  length: number;
}

export class HitShortcut {
  private readonly routes = new Map<string, CompiledRoute>();
  private services: ShortcutServices | undefined;

  /**
   * Route options that let the shortcut answer `url` like the route (added to the route's own
   * options: the preParsing hook replays a body the shortcut read before handing the request over).
   */
  route<Body, Options extends { config: RouteConfig; schema: { body: TSchema; headers: TObject } }>(
    url: string,
    options: Options,
    completion: ShortcutRoute<Body>['completion'],
  ): Options & { preParsing: typeof replayReadBody } {
    const { body, headers } = options.schema;
    const validate = compileValidator({ schema: body, method: 'POST', url, httpPart: 'body' }) as (value: unknown) => boolean;
    const declaredHeaders = Object.keys(headers.properties).filter((name) => name !== 'anthropic-version');
    const route = { config: options.config, schema: options.schema, completion: completion as ShortcutRoute<unknown>['completion'] };
    this.routes.set(url, { url, route, validate, declaredHeaders });
    return { ...options, preParsing: replayReadBody };
  }

  /** Starts answering hits; until then every request goes to Fastify. */
  start(services: ShortcutServices): void {
    for (const compiled of this.routes.values()) compiled.bodies = new ParsedBodies(validBodyParser(services.parseJson, compiled.validate));
    this.services = services;
  }

  /** Fastify's `serverFactory`: the HTTP server Fastify would create, with the shortcut in front. */
  readonly serverFactory = (handler: FastifyHandler, options: FastifyServerOptions & { http?: object }): Server => {
    const server = createServer(options.http ?? {}, (request, response) => this.handle(request, response, handler));
    // What Fastify sets on the servers it creates itself (fastify/lib/server.js).
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout ?? 0);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  private handle(request: IncomingMessage, response: ServerResponse, handler: FastifyHandler): void {
    const services = this.services;
    const compiled = request.method === 'POST' ? this.routes.get(request.url!) : undefined;
    if (!services || !compiled) return handler(request, response);
    const taken = this.takes(request, compiled, services);
    if (!taken) return handler(request, response);
    const started = performance.now();
    const chunks: Buffer[] = [];
    let length = 0;
    let read = false;
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    request.on('end', () => {
      read = true;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      new ShortcutAttempt(services, compiled, request, response, handler, taken, body, started).run();
    });
    // A broken upload: Fastify answers it (the part read is replayed; its length does not match).
    request.on('error', () => {
      if (read) return;
      read = true;
      markHandedOver(request, Buffer.concat(chunks, length), undefined);
      handler(request, response);
    });
  }

  /** What the shortcut needs of a request it may try, known before its body is read; undefined when it may not. */
  private takes(request: IncomingMessage, compiled: CompiledRoute, services: ShortcutServices): TakenRequest | undefined {
    const { headers } = request;
    const length = Number(headers['content-length']);
    if (!(length > 0 && length <= SHORTCUT_MAX_BODY) || !isJsonContentType(headers['content-type'])) return undefined;
    if (services.closing() || headers[GATEWAY_HOP_HEADER] !== undefined || services.authFailures?.blocking) return undefined;
    return withoutDeclaredHeaders(headers, compiled) ? { headers, length } : undefined;
  }
}

/** One request the shortcut tries to answer, from its body read to the response written or the hand-over. */
class ShortcutAttempt {
  constructor(
    private readonly services: ShortcutServices,
    private readonly compiled: CompiledRoute,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly handler: FastifyHandler,
    private readonly taken: TakenRequest,
    private readonly body: Buffer,
    private readonly started: number,
  ) {}

  /** Runs a step; should it throw, Fastify answers the request if nothing was sent yet (a bug here must not crash the process). */
  private guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!this.response.headersSent) return this.handOver(undefined);
      this.services.logger.error({ err: error }, 'hit shortcut: failed after answering');
    }
  }

  run(): void {
    this.guarded(() => this.start());
  }

  private start(): void {
    if (this.body.length !== this.taken.length) return this.handOver(undefined);
    const { config } = this.compiled.route;
    let principal: Principal | Promise<Principal>;
    try {
      principal = this.services.authenticator.authenticate(readCredentials(this.taken.headers).synapse);
    } catch {
      return this.handOver(undefined);
    }
    if (!(principal instanceof Promise)) return this.admitted(principal, config);
    principal.then(
      (resolved) => this.guarded(() => this.admitted(resolved, config)),
      () => this.handOver(undefined),
    );
  }

  private admitted(principal: Principal, config: RouteConfig): void {
    if (config.auth === 'public' || !roleAllows(principal.role, config.auth)) return this.handOver(undefined);
    const text = this.body.toString('utf8');
    const body = this.compiled.bodies!.bodyOf(text);
    if (body === undefined) return this.handOver(undefined);
    const { headers } = this.taken;
    const completion = this.compiled.route.completion(body, { headers, url: this.compiled.url });
    if (completion.protocol.wantsStream(body)) return this.handOver(undefined);
    const limits = this.services.rateLimits;
    if (!limits || !config.rateLimit) return this.answer(principal, headers, completion, text, undefined);
    const decision = takeToken(limits, config.rateLimit, principal.tenantId, () => this.request.socket.remoteAddress ?? '');
    if (!(decision instanceof Promise)) return this.answer(principal, headers, completion, text, decision);
    decision.then(
      (settled) => this.guarded(() => this.answer(principal, headers, completion, text, settled)),
      () => this.handOver(undefined),
    );
  }

  private answer(
    principal: Principal,
    headers: RequestParts['headers'],
    completion: CompletionRequest<unknown, unknown>,
    text: string,
    decision: RateLimitDecision | undefined,
  ): void {
    if (decision && !decision.allowed) return this.handOver(decision);
    const { completions } = this.services;
    const { body } = completion;
    const requestId = generateRequestId(this.request);
    const { call } = completionCall(completions, principal, headers, completion, () => disconnectSignal(this.response));
    const agent = agentSessionOf(headers, body);
    const identity = { requestId, tenantId: principal.tenantId, keyId: principal.keyId || null, url: this.compiled.url };
    const draft = startCall(completions.callLog, identity, { provider: completion.target.provider.name, model: completion.protocol.model(body), agent, body });
    call.bodyText = text;
    call.onFinished = callFinished(completions, principal.tenantId, agent, usageReporter(draft));
    const outcome = completions.pipeline.answerFromMemory(call);
    if (outcome?.kind !== 'cached') return this.handOver(decision);
    const latencyMs = Math.round(performance.now() - this.started);
    // Encoded once: Node would encode a string twice, to count its bytes and to send them.
    const answer = Buffer.from(cachedAnswerJson(outcome.hit, completion.wire, body, latencyMs));
    // Names and values in turn, as writeHead takes them: cheaper for Node than an object's own keys.
    const out: string[] = ['x-request-id', requestId];
    const set = (name: string, value: string): void => {
      out.push(name, value);
    };
    if (decision) setRateLimitHeaders(set, decision);
    setHitHeaders(set, outcome.hit, latencyMs);
    out.push('content-type', JSON_CONTENT_TYPE, 'content-length', String(answer.length));
    // Written at the end of the event loop's turn, with that turn's other answers, not as soon as it is
    // ready. Each answer is still one system call on its own socket, but a client whose CPU went idle
    // after the previous answer is woken once for the turn's answers instead of once for each. On a
    // virtual machine that wake-up (an interrupt sent through the hypervisor) cost more than the write:
    // answering at the end of the turn took a hit from 78 to 59 µs of CPU (docs/benchmarks.md). An
    // answer waits at most for the rest of its turn; a lone request, one setImmediate.
    setImmediate(() => this.guarded(() => this.write(out, answer, requestId, draft)));
  }

  private write(headers: string[], answer: Buffer, requestId: string, draft: CallDraft): void {
    this.response.writeHead(200, headers);
    this.response.end(answer);
    const ms = performance.now() - this.started;
    callResponded(draft, 200, ms);
    this.services.recordResponse({ requestId, method: 'POST', route: this.compiled.url, status: 200, ms });
    this.services.metrics.recordShortcutHit(this.compiled.url);
    this.services.afterResponse();
  }

  /** Fastify answers the request, with the body read so far and the decision taken, if any. */
  private handOver(decision: RateLimitDecision | undefined): void {
    markHandedOver(this.request, this.body, decision);
    this.handler(this.request, this.response);
  }
}

/** The body a text parses to when it is valid JSON that passes the route's schema; undefined otherwise. */
function validBodyParser(parseJson: JsonBodyParser, validate: (body: unknown) => boolean): BodyParser {
  return (text) => {
    try {
      const body = parseJson(text);
      return validate(body) ? body : undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * True when the request carries none of the headers the route declares (but anthropic-version): its
 * headers then satisfy the route's header schema, whose every header is optional.
 */
function withoutDeclaredHeaders(headers: IncomingHttpHeaders, compiled: CompiledRoute): headers is RequestParts['headers'] {
  for (const name of compiled.declaredHeaders) if (headers[name] !== undefined) return false;
  return true;
}

/** `application/json`, with or without a charset, as Fastify's JSON parser takes it. */
function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const type = value.length === 16 ? value : value.split(';', 1)[0]!.trim();
  return type.toLowerCase() === 'application/json';
}
