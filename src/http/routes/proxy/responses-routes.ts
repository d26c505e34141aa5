// The OpenAI Responses API: POST /v1/responses through the cache (JSON and SSE), and the other
// /v1/responses/... routes (retrieve, delete, cancel, input items, ...) forwarded as they are to
// the OpenAI-compatible upstream, since they read or change state kept there.
import type { FastifyInstance } from 'fastify';
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import { SynapseError } from '../../../errors.js';
import { replayResponseEvents } from '../../../protocols/responses/response-replay.js';
import { responsesProtocol } from '../../../protocols/responses/responses-protocol.js';
import { ResponsesStreamRelay } from '../../../protocols/responses/responses-stream-relay.js';
import type { ResponseObject, ResponsesRequest } from '../../../protocols/responses/responses-types.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import { answerCompletion, queryOf, type CompletionServices } from './completion-route.js';
import { disconnectSignal } from './disconnect-signal.js';
import { proxyAccess } from './proxy-routes.js';
import { relayUpstream } from './upstream-relay.js';
import { plainWire } from './wire/plain-wire.js';

export interface ResponsesRouteDependencies extends CompletionServices {
  router: UpstreamRouter;
  caller: UpstreamCaller;
}

const responsesWire = plainWire<ResponsesRequest, ResponseObject>((response) => replayResponseEvents(response));

export const responsesRequestSchema = {
  type: 'object',
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 256 },
    input: { type: ['string', 'array'] },
    instructions: { type: ['string', 'null'] },
    stream: { type: 'boolean' },
    tools: { type: 'array', items: { type: 'object' } },
    previous_response_id: { type: ['string', 'null'] },
    max_output_tokens: { type: ['integer', 'null'], minimum: 1 },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
  },
  // A request names its model, or a stored prompt that does.
  anyOf: [{ required: ['model'] }, { required: ['prompt'] }],
} as const;

export function registerResponsesRoutes(app: FastifyInstance, deps: ResponsesRouteDependencies): void {
  app.post('/v1/responses', { ...proxyAccess, schema: { body: responsesRequestSchema } }, (request, reply) => {
    const body = request.body as ResponsesRequest;
    const provider = typeof body.model === 'string' ? deps.router.providerFor(body.model) : defaultProvider(deps.router);
    return answerCompletion(deps, request, reply, { protocol: responsesProtocol, wire: responsesWire, body, target: { provider } });
  });

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/v1/responses/*',
    ...proxyAccess,
    handler: async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      const query = queryOf(request);
      const signal = disconnectSignal(reply);
      const stream = request.method === 'GET' && /(^|&)stream=true(&|$)/.test(query ?? '');
      const response = await deps.caller.send(defaultProvider(deps.router), {
        method: request.method as 'GET' | 'POST' | 'DELETE',
        path: `/responses/${forwardedPath(rest)}`,
        ...(query ? { query } : {}),
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        ...(request.providerKey ? { apiKey: request.providerKey } : {}),
        signal,
        stream,
      });
      // A retrieved response streams its events again: relayed as a Responses stream, so a cut ends with its error event.
      return relayUpstream(reply, response, { signal, ...(stream ? { streamRelay: () => new ResponsesStreamRelay() } : {}) });
    },
  });
}

/**
 * The rest of a forwarded path, each segment percent-encoded again (the router decoded them, and
 * an upstream URL takes no raw non-ASCII). A dot segment is refused: resolved by the upstream or
 * a proxy before it, `..` would climb out of /responses to any endpoint of the provider, called
 * with the gateway's own key.
 */
function forwardedPath(rest: string): string {
  const segments = rest.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw new SynapseError('validation_failed', { detail: "a /v1/responses/ path may not contain '.' or '..' segments" });
  }
  return segments.map(encodeURIComponent).join('/');
}

function defaultProvider(router: UpstreamRouter) {
  const provider = router.defaultProvider('openai');
  if (!provider) throw new SynapseError('model_not_configured', { model: '*' });
  return provider;
}
