// Schemas of the proxy routes: the OpenAI surface (chat completions, legacy completions,
// embeddings, models, Responses) and Anthropic's Messages. Bodies, headers and answers are in the
// files beside this one.
import { Type } from 'typebox';
import { pathParams } from '../../path-params.js';
import { AnthropicErrorBody, SpecErrorBody, anthropicErrorResponses, errorResponses } from '../error-schemas.js';
import {
  ChatRequestBody,
  CompletionsRequestBody,
  CountTokensRequestBody,
  EmbeddingsRequestBody,
  MessagesRequestBody,
  ResponsesRequestBody,
} from './proxy-request-bodies.js';
import {
  AnthropicMessage,
  AnthropicModel,
  AnthropicModelList,
  ChatCompletion,
  EmbeddingList,
  MessagesRequestHeaders,
  ModelsRequestHeaders,
  OpenAiModel,
  OpenAiModelList,
  ProxyRequestHeaders,
  ResponseObject,
  TextCompletion,
  UncachedResponseHeaders,
  proxyAnswer,
} from './proxy-wire-schemas.js';

const tags = ['proxy'];

/**
 * What an upstream call can end in besides success: 403 (a cache directive the role may not send),
 * 404 (no upstream serves the model), 502 (the upstream failed), 504 (it did not answer in time),
 * 508 (a loop back to this gateway), 529 (overloaded); an upstream's own 4xx is relayed with its status.
 */
const UPSTREAM_STATUSES = [403, 404, 502, 504, 508, 529];
const relayed4xx = (body: typeof SpecErrorBody | typeof AnthropicErrorBody) => ({
  '4XX': { ...body, description: "An upstream's own 4xx, relayed with its status." },
});
const proxyErrors = { ...errorResponses(...UPSTREAM_STATUSES), ...relayed4xx(SpecErrorBody) };
const messagesErrors = { ...anthropicErrorResponses(...UPSTREAM_STATUSES), ...relayed4xx(AnthropicErrorBody) };

const CACHED = 'Answered from the cache (exact, then semantic) or by the upstream, and stored. ';
const PREVIEW = 'With x-synapse-preview-cache: true the answer is the cache prediction (ProxyCachePreview) and the upstream is not called. ';

export const chatCompletionsRoute = {
  operationId: 'createChatCompletion',
  summary: 'OpenAI chat completions, through the cache',
  description: CACHED + 'The JSON answer carries synapse_metadata. ' + PREVIEW,
  tags,
  headers: ProxyRequestHeaders,
  body: ChatRequestBody,
  response: { 200: proxyAnswer(ChatCompletion, 'The chat completion, JSON or a stream.', { stream: true }), ...proxyErrors },
};

export const completionsRoute = {
  operationId: 'createCompletion',
  summary: 'OpenAI legacy completions, through the cache',
  description: CACHED + PREVIEW,
  tags,
  headers: ProxyRequestHeaders,
  body: CompletionsRequestBody,
  response: { 200: proxyAnswer(TextCompletion, 'The text completion, JSON or a stream.', { stream: true }), ...proxyErrors },
};

export const embeddingsRoute = {
  operationId: 'createEmbeddings',
  summary: 'OpenAI embeddings, passed to the upstream (not cached)',
  description: 'Not cached: x-synapse-cache-status is SKIP. ' + PREVIEW,
  tags,
  headers: ProxyRequestHeaders,
  body: EmbeddingsRequestBody,
  response: { 200: proxyAnswer(EmbeddingList, 'The embeddings.', { headers: UncachedResponseHeaders }), ...proxyErrors },
};

const modelErrors = { ...errorResponses(404, 502, 504, 508, 529), ...relayed4xx(SpecErrorBody) };
const MODELS_DESCRIPTION =
  "Every configured upstream's models, merged by id. A client that sends anthropic-version gets Anthropic's shapes (errors included). " +
  'When every upstream fails: 502 proxy_error (WorldFlow documents 500; kept, since the failure is the upstream\'s). ';

export const listModelsRoute = {
  operationId: 'listModels',
  summary: 'The models of every upstream',
  description: MODELS_DESCRIPTION + PREVIEW,
  tags,
  headers: ModelsRequestHeaders,
  response: {
    200: proxyAnswer(Type.Union([OpenAiModelList, AnthropicModelList]), 'The model list, in the shape of the client.', { headers: UncachedResponseHeaders }),
    ...modelErrors,
  },
};

export const getModelRoute = {
  operationId: 'getModel',
  summary: 'One model of any upstream',
  description: MODELS_DESCRIPTION + 'A model no reachable upstream lists is 404. ' + PREVIEW,
  tags,
  headers: ModelsRequestHeaders,
  params: pathParams('modelId'),
  response: {
    200: proxyAnswer(Type.Union([OpenAiModel, AnthropicModel]), 'The model, in the shape of the client.', { headers: UncachedResponseHeaders }),
    ...modelErrors,
  },
};

export const messagesRoute = {
  operationId: 'createMessage',
  summary: 'Anthropic Messages, through the cache (native, or translated to chat completions)',
  description: CACHED + "Errors take Anthropic's shape. " + PREVIEW,
  tags,
  headers: MessagesRequestHeaders,
  body: MessagesRequestBody,
  response: { 200: proxyAnswer(AnthropicMessage, 'The message, JSON or a stream.', { stream: true }), ...messagesErrors },
};

export const countTokensRoute = {
  operationId: 'countMessageTokens',
  summary: "Anthropic count_tokens: the upstream's count, or a local estimate without an Anthropic upstream",
  description: "Not cached: x-synapse-cache-status is SKIP. Errors take Anthropic's shape. " + PREVIEW,
  tags,
  headers: MessagesRequestHeaders,
  body: CountTokensRequestBody,
  response: {
    200: proxyAnswer(Type.Object({ input_tokens: Type.Integer() }, { additionalProperties: true }), 'The input tokens.', { headers: UncachedResponseHeaders }),
    ...messagesErrors,
  },
};

/**
 * The /v1/v1/... aliases of the Messages routes (a base URL that ends in /v1, as Claude Code and
 * the Anthropic SDKs may be configured) are the same operations: left out of the document, where
 * they would only be duplicates with operation ids of their own.
 */
export function aliasOf<T extends object>(route: T): T & { hide: true } {
  return { ...route, hide: true };
}

export const responsesRoute = {
  operationId: 'createResponse',
  summary: 'OpenAI Responses, through the cache',
  description: CACHED + 'A request that continues a stored response (previous_response_id, conversation, background) is not cached. ' + PREVIEW,
  tags,
  headers: ProxyRequestHeaders,
  body: ResponsesRequestBody,
  response: { 200: proxyAnswer(ResponseObject, 'The response, JSON or a stream.', { stream: true }), ...proxyErrors },
};

/** The other Responses API routes, by method: each an operation of its own. */
export function forwardedResponsesRoute(method: 'GET' | 'POST' | 'DELETE') {
  const verb = { GET: 'get', POST: 'post', DELETE: 'delete' }[method];
  return {
    operationId: `${verb}ResponsesResource`,
    summary: `${method} /v1/responses/... (retrieve, cancel, input items, delete), forwarded to the upstream`,
    description:
      "Forwarded as it is to the OpenAI-compatible upstream, which keeps the state these routes read or change; not cached (x-synapse-cache-status SKIP). A path with '.' or '..' segments is refused. " +
      PREVIEW,
    tags,
    headers: ProxyRequestHeaders,
    params: Type.Object({ '*': Type.String({ description: 'The rest of the path below /v1/responses/.' }) }),
    response: {
      200: proxyAnswer(Type.Object({}, { additionalProperties: true, description: "The upstream's JSON." }), "The upstream's answer (a stream for GET ...?stream=true).", {
        stream: method === 'GET',
        headers: UncachedResponseHeaders,
      }),
      ...(method === 'DELETE' ? { 204: { description: 'Deleted; the upstream sent no body.', type: 'null' } } : {}),
      ...proxyErrors,
    },
  };
}
