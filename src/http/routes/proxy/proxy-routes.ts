// The OpenAI-compatible surface: POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models and
// /v1/models/{id}. Parse and validate, hand over to the domain, write the outcome. The Anthropic
// Messages and Responses routes live beside this file.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CompletionPipeline } from '../../../domain/proxy/completion-pipeline.js';
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import { chatProtocol } from '../../../protocols/chat/chat-protocol.js';
import type { ChatRequestBody } from '../../../protocols/chat/chat-types.js';
import type { UpstreamResponse } from '../../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import { routeConfig } from '../../route-config.js';
import { chatRequestSchema, embeddingsRequestSchema } from './chat-request-schema.js';
import { answerCompletion } from './completion-route.js';
import { disconnectSignal } from './disconnect-signal.js';
import { findModel, listModels, modelBody, modelListBody, type ModelListShape } from './model-listing.js';
import { chatWire } from './wire/chat-wire.js';

export interface ProxyRouteDependencies {
  pipeline: CompletionPipeline;
  router: UpstreamRouter;
  caller: UpstreamCaller;
}

export const proxyAccess = routeConfig({ auth: 'readonly', rateLimit: 'proxy', action: 'use the proxy' });

export function registerProxyRoutes(app: FastifyInstance, deps: ProxyRouteDependencies): void {
  app.post('/v1/chat/completions', { ...proxyAccess, schema: { body: chatRequestSchema } }, (request, reply) => {
    const body = request.body as ChatRequestBody;
    const target = { provider: deps.router.providerFor(body.model) };
    return answerCompletion(deps.pipeline, request, reply, { protocol: chatProtocol, wire: chatWire, body, target });
  });

  app.post('/v1/embeddings', { ...proxyAccess, schema: { body: embeddingsRequestSchema } }, async (request, reply) => {
    const body = request.body as { model: string };
    const response = await deps.caller.send(deps.router.providerFor(body.model), {
      method: 'POST',
      path: '/embeddings',
      body: JSON.stringify(body),
      ...(request.providerKey ? { apiKey: request.providerKey } : {}),
      signal: disconnectSignal(reply),
    });
    return relay(reply, response);
  });

  app.get('/v1/models', proxyAccess, async (request) => {
    return modelListBody(await listModels(deps.router, deps.caller, request.providerKey ?? undefined), listShapeOf(request));
  });

  app.get('/v1/models/:modelId', proxyAccess, async (request) => {
    const { modelId } = request.params as { modelId: string };
    return modelBody(await findModel(deps.router, deps.caller, modelId, request.providerKey ?? undefined), listShapeOf(request));
  });
}

/** Anthropic's clients send `anthropic-version` on every call and expect Anthropic's shapes. */
function listShapeOf(request: FastifyRequest): ModelListShape {
  return request.headers['anthropic-version'] === undefined ? 'openai' : 'anthropic';
}

/** Sends an upstream response on as it came: status, content type and body. */
export async function relay(reply: FastifyReply, response: UpstreamResponse): Promise<FastifyReply> {
  const contentType = response.headers['content-type'];
  reply.code(response.status);
  if (typeof contentType === 'string') reply.type(contentType);
  if (!String(contentType).includes('text/event-stream')) {
    return reply.send(await response.text());
  }
  reply.header('cache-control', 'no-cache');
  return reply.send(response.body);
}
