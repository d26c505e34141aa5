// The OpenAI-compatible surface: POST /v1/chat/completions, POST /v1/completions (legacy),
// POST /v1/embeddings, GET /v1/models and /v1/models/{id}. Parse and validate, hand over to the
// domain, write the outcome. The Anthropic Messages and Responses routes live beside this file.
import type { FastifyRequest } from 'fastify';
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import { chatProtocol } from '../../../protocols/chat/chat-protocol.js';
import type { ChatRequestBody } from '../../../protocols/chat/chat-types.js';
import { replayCompletionChunks } from '../../../protocols/completions/completion-replay.js';
import { completionsProtocol } from '../../../protocols/completions/completions-protocol.js';
import type { CompletionsRequest, TextCompletion } from '../../../protocols/completions/completions-types.js';
import { encodeEmbeddingsAsBase64, requestedEncoding } from '../../../protocols/embeddings/embedding-encoding.js';
import type { UpstreamResponse } from '../../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import { chatCompletionsRoute, completionsRoute, embeddingsRoute, getModelRoute, listModelsRoute } from '../../contract/proxy/proxy-route-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import type { HitShortcut } from '../../hit-shortcut/hit-shortcut.js';
import { routeConfig } from '../../route-config.js';
import { openCallLog, relayedUsage } from './call-log.js';
import { sendUncachedPreview, wantsPreview } from './cache-preview.js';
import { answerCompletion, type CompletionServices } from './completion-route.js';
import { disconnectSignal } from './disconnect-signal.js';
import { findModel, listModels, modelBody, modelListBody, type ModelListShape } from './model-listing.js';
import { setUncachedHeaders } from './outcome-writer.js';
import { relayUpstream } from './upstream-relay.js';
import { chatWire } from './wire/chat-wire.js';
import { plainWire } from './wire/plain-wire.js';

export interface ProxyRouteDependencies extends CompletionServices {
  router: UpstreamRouter;
  caller: UpstreamCaller;
  /** The completion routes register with it, so that it answers their exact hits. */
  hits: HitShortcut;
}

export const proxyAccess = routeConfig({ auth: 'readonly', rateLimit: 'proxy', action: 'use the proxy', anyText: true });
/** The model routes answer Claude Code as well, in Anthropic's shapes: errors included. */
const modelsAccess = routeConfig({ ...proxyAccess.config, errorShape: 'by-client' });
const completionsWire = plainWire<CompletionsRequest, TextCompletion>((completion, body) =>
  replayCompletionChunks(completion, { includeUsage: body.stream_options?.include_usage === true }),
);

export function registerProxyRoutes(app: SynapseApp, deps: ProxyRouteDependencies): void {
  const chat = (body: ChatRequestBody) => ({ protocol: chatProtocol, wire: chatWire, body, target: { provider: deps.router.providerFor(body.model) } });
  app.post('/v1/chat/completions', deps.hits.route('/v1/chat/completions', { ...proxyAccess, schema: chatCompletionsRoute }, chat), (request, reply) =>
    answerCompletion(deps, request, reply, chat(request.body)),
  );

  const completions = (body: CompletionsRequest) => ({
    protocol: completionsProtocol,
    wire: completionsWire,
    body,
    target: { provider: deps.router.providerFor(body.model) },
  });
  app.post('/v1/completions', deps.hits.route('/v1/completions', { ...proxyAccess, schema: completionsRoute }, completions), (request, reply) =>
    answerCompletion(deps, request, reply, completions(request.body)),
  );

  app.post('/v1/embeddings', { ...proxyAccess, schema: embeddingsRoute }, async (request, reply) => {
    if (wantsPreview(request.headers)) return sendUncachedPreview(reply, 'POST /v1/embeddings');
    const { body } = request;
    const signal = disconnectSignal(reply.raw);
    const provider = deps.router.providerFor(body.model);
    openCallLog(deps.callLog, request, { provider: provider.name, model: body.model, body });
    const response = await deps.caller.send(provider, {
      method: 'POST',
      path: '/embeddings',
      body: JSON.stringify(body),
      ...(request.providerKey ? { apiKey: request.providerKey } : {}),
      signal,
    });
    const base64 = requestedEncoding(body) === 'base64';
    return relayUpstream(reply, withLoggedUsage(request, base64 ? withBase64Embeddings(response) : response), { signal });
  });

  app.get('/v1/models', { ...modelsAccess, schema: listModelsRoute }, async (request, reply) => {
    if (wantsPreview(request.headers)) return sendUncachedPreview(reply, 'GET /v1/models');
    const list = modelListBody(await listModels(deps.router, deps.caller, request.providerKey ?? undefined), listShapeOf(request));
    setUncachedHeaders(reply);
    return list;
  });

  app.get('/v1/models/:modelId', { ...modelsAccess, schema: getModelRoute }, async (request, reply) => {
    if (wantsPreview(request.headers)) return sendUncachedPreview(reply, 'GET /v1/models/{modelId}');
    const { modelId } = request.params;
    const model = modelBody(await findModel(deps.router, deps.caller, modelId, request.providerKey ?? undefined), listShapeOf(request));
    setUncachedHeaders(reply);
    return model;
  });
}

/** Anthropic's clients send `anthropic-version` on every call and expect Anthropic's shapes. */
function listShapeOf(request: FastifyRequest): ModelListShape {
  return request.headers['anthropic-version'] === undefined ? 'openai' : 'anthropic';
}

/** The response with float embeddings encoded as base64, for a client that asked for base64 of an upstream that ignored it. */
function withBase64Embeddings(response: UpstreamResponse): UpstreamResponse {
  if (response.status !== 200) return response;
  return { ...response, text: async () => encodeEmbeddingsAsBase64(await response.text()) };
}

/** The response, telling the request log the embedding call's input tokens once its body is read. */
function withLoggedUsage(request: FastifyRequest, response: UpstreamResponse): UpstreamResponse {
  if (response.status !== 200) return response;
  return {
    ...response,
    text: async () => {
      const text = await response.text();
      relayedUsage(request, promptTokensOf(text));
      return text;
    },
  };
}

function promptTokensOf(text: string): number {
  try {
    const tokens = (JSON.parse(text) as { usage?: { prompt_tokens?: unknown } }).usage?.prompt_tokens;
    return typeof tokens === 'number' ? tokens : 0;
  } catch {
    return 0;
  }
}
