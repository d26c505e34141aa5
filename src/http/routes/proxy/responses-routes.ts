// The OpenAI Responses API: POST /v1/responses through the cache (JSON and SSE), and the other
// /v1/responses/... routes (retrieve, delete, cancel, input items, ...) forwarded as they are to
// the OpenAI-compatible upstream, since they read or change state kept there.
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import { SynapseError } from '../../../errors.js';
import { replayResponseEvents } from '../../../protocols/responses/response-replay.js';
import { responsesProtocol } from '../../../protocols/responses/responses-protocol.js';
import { ResponsesStreamRelay } from '../../../protocols/responses/responses-stream-relay.js';
import type { ResponseObject, ResponsesRequest } from '../../../protocols/responses/responses-types.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import { forwardedResponsesRoute, responsesRoute } from '../../contract/proxy/proxy-route-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { sendUncachedPreview, wantsPreview } from './cache-preview.js';
import { answerCompletion, queryOf, type CompletionServices } from './completion-route.js';
import { disconnectSignal } from './disconnect-signal.js';
import { proxyAccess } from './proxy-routes.js';
import type { HitShortcut } from '../../hit-shortcut/hit-shortcut.js';
import { relayUpstream } from './upstream-relay.js';
import { plainWire } from './wire/plain-wire.js';

export interface ResponsesRouteDependencies extends CompletionServices {
  router: UpstreamRouter;
  caller: UpstreamCaller;
  /** The Responses route registers with it, so that it answers its exact hits. */
  hits: HitShortcut;
}

const responsesWire = plainWire<ResponsesRequest, ResponseObject>((response) => replayResponseEvents(response));

export function registerResponsesRoutes(app: SynapseApp, deps: ResponsesRouteDependencies): void {
  const respond = (body: ResponsesRequest) => {
    const provider = typeof body.model === 'string' ? deps.router.providerFor(body.model) : defaultProvider(deps.router);
    return { protocol: responsesProtocol, wire: responsesWire, body, target: { provider } };
  };
  app.post('/v1/responses', deps.hits.route('/v1/responses', { ...proxyAccess, schema: responsesRoute }, respond), (request, reply) =>
    answerCompletion(deps, request, reply, respond(request.body)),
  );

  for (const method of ['GET', 'POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/v1/responses/*',
      ...proxyAccess,
      schema: forwardedResponsesRoute(method),
      handler: async (request, reply) => {
        if (wantsPreview(request.headers)) return sendUncachedPreview(reply, `${method} /v1/responses/...`);
        const rest = request.params['*'];
        const query = queryOf(request);
        const signal = disconnectSignal(reply.raw);
        const stream = method === 'GET' && /(^|&)stream=true(&|$)/.test(query ?? '');
        const response = await deps.caller.send(defaultProvider(deps.router), {
          method,
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
