// The OpenAI-compatible surface: POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models.
// Parse and validate, hand over to the domain, write the outcome.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ChatCompletionService } from '../../../domain/proxy/chat-completion-service.js';
import type { ChatRequestBody } from '../../../domain/proxy/chat-types.js';
import type { ProxyMetrics } from '../../../domain/proxy/proxy-metrics.js';
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import type { UpstreamResponse } from '../../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import { principalOf } from '../../middleware/authenticate.js';
import { routeConfig } from '../../route-config.js';
import { isPassthrough, readCacheDirectives } from './cache-directives.js';
import { sendChatOutcome, setCacheHeaders } from './chat-responses.js';
import { chatRequestSchema, embeddingsRequestSchema } from './chat-request-schema.js';
import { disconnectSignal } from './disconnect-signal.js';
import { listModels } from './model-listing.js';

export interface ProxyRouteDependencies {
  chat: ChatCompletionService;
  router: UpstreamRouter;
  caller: UpstreamCaller;
  metrics: ProxyMetrics;
}

const proxyAccess = routeConfig({ auth: 'readonly', rateLimit: 'proxy', action: 'use the proxy' });

export function registerProxyRoutes(app: FastifyInstance, deps: ProxyRouteDependencies): void {
  // Not an async function: a cache hit from memory is answered without a promise.
  app.post('/v1/chat/completions', { ...proxyAccess, schema: { body: chatRequestSchema } }, (request, reply) => {
    const body = request.body as ChatRequestBody;
    const providerApiKey = headerValue(request.headers['x-api-key']);
    if (isPassthrough(request.headers)) return forwardPassthrough(deps, reply, body, providerApiKey);
    const directives = readCacheDirectives(request.headers);
    const outcome = deps.chat.complete({
      tenantId: principalOf(request).tenantId,
      body,
      cache: directives.policy,
      ...(providerApiKey ? { providerApiKey } : {}),
      clientSignal: () => disconnectSignal(reply),
    });
    const context = {
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      sessionId: body.session_id,
      missStatus: directives.missStatus,
    };
    // A hit from memory is answered without awaiting anything.
    if (!(outcome instanceof Promise)) return sendChatOutcome(reply, outcome, context);
    return outcome.then((settled) => sendChatOutcome(reply, settled, context));
  });

  app.post('/v1/embeddings', { ...proxyAccess, schema: { body: embeddingsRequestSchema } }, async (request, reply) => {
    const body = request.body as { model: string };
    const providerApiKey = headerValue(request.headers['x-api-key']);
    const response = await deps.caller.send(deps.router.providerFor(body.model), {
      method: 'POST',
      path: '/embeddings',
      body: JSON.stringify(body),
      ...(providerApiKey ? { apiKey: providerApiKey } : {}),
      signal: disconnectSignal(reply),
    });
    return relay(reply, response);
  });

  app.get('/v1/models', proxyAccess, async (request) => {
    const providerApiKey = headerValue(request.headers['x-api-key']);
    return listModels(deps.router, deps.caller, providerApiKey);
  });
}

/** x-synapse-passthrough: the request goes to the upstream untouched and its answer comes back as is. */
async function forwardPassthrough(
  deps: ProxyRouteDependencies,
  reply: FastifyReply,
  body: ChatRequestBody,
  providerApiKey: string | undefined,
): Promise<FastifyReply> {
  deps.metrics.recordCacheLookup('bypass');
  const { session_id: _sessionId, ...forwarded } = body;
  const response = await deps.router.providerFor(body.model).request({
    method: 'POST',
    path: '/chat/completions',
    body: JSON.stringify(forwarded),
    ...(providerApiKey ? { apiKey: providerApiKey } : {}),
    signal: disconnectSignal(reply),
    stream: body.stream === true,
  });
  setCacheHeaders(reply, 'BYPASS');
  return relay(reply, response);
}

/** Sends an upstream response on as it came: status, content type and body. */
async function relay(reply: FastifyReply, response: UpstreamResponse): Promise<FastifyReply> {
  const contentType = response.headers['content-type'];
  reply.code(response.status);
  if (typeof contentType === 'string') reply.type(contentType);
  if (!String(contentType).includes('text/event-stream')) {
    return reply.send(await response.text());
  }
  reply.header('cache-control', 'no-cache');
  return reply.send(response.body);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() ? text.trim() : undefined;
}
