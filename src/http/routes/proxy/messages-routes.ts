// The Anthropic Messages API: POST /v1/messages and /v1/messages/count_tokens, also under a base
// URL that ends in /v1 (/v1/v1/messages), as Claude Code and the Anthropic SDKs call them. Bodies
// pass through untouched to an Anthropic upstream, or are translated for an OpenAI-compatible one;
// errors take Anthropic's shape.
import { routeMessages } from '../../../domain/proxy/messages-routing.js';
import type { ModelMap } from '../../../domain/proxy/model-map.js';
import type { UpstreamTarget } from '../../../domain/proxy/completion-pipeline.js';
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import { withoutGatewayFields } from '../../../protocols/gateway-only-fields.js';
import { estimateInputTokens } from '../../../protocols/anthropic/count-tokens-estimate.js';
import { replayMessageEvents } from '../../../protocols/anthropic/message-replay.js';
import type { AnthropicMessage, MessagesRequest } from '../../../protocols/anthropic/messages-types.js';
import type { UpstreamProvider } from '../../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import { aliasOf, countTokensRoute, messagesRoute } from '../../contract/proxy/proxy-route-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import type { HitShortcut } from '../../hit-shortcut/hit-shortcut.js';
import { routeConfig } from '../../route-config.js';
import { answerCompletion, forwardedHeaders, queryOf, type CompletionServices, type RequestParts } from './completion-route.js';
import { disconnectSignal } from './disconnect-signal.js';
import { sendUncachedPreview, wantsPreview } from './cache-preview.js';
import { setUncachedHeaders } from './outcome-writer.js';
import { relayUpstream } from './upstream-relay.js';
import { plainWire } from './wire/plain-wire.js';

export interface MessagesRouteDependencies extends CompletionServices {
  router: UpstreamRouter;
  caller: UpstreamCaller;
  modelMap: ModelMap;
  /** The Messages route registers with it, so that it answers its exact hits. */
  hits: HitShortcut;
}

/** The client headers an Anthropic upstream must see; credentials are never among them. */
const ANTHROPIC_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;
const messagesAccess = routeConfig({ auth: 'readonly', rateLimit: 'proxy', action: 'use the proxy', errorShape: 'anthropic', anyText: true });
const messagesWire = plainWire<MessagesRequest, AnthropicMessage>((message) => replayMessageEvents(message));

export function registerMessagesRoutes(app: SynapseApp, deps: MessagesRouteDependencies): void {
  const message = (body: MessagesRequest, request: RequestParts) => {
    const anthropicHeaders = forwardedHeaders(request, ANTHROPIC_HEADERS);
    const route = routeMessages(body.model, deps.router, deps.modelMap, anthropicHeaders?.['anthropic-beta']);
    return { protocol: route.protocol, wire: messagesWire, body, target: messagesTarget(request, route, anthropicHeaders) };
  };
  for (const prefix of ['/v1', '/v1/v1']) {
    // The /v1/v1 aliases are the same operations: hidden from the document (proxy-route-schemas.ts).
    const documented = <T extends object>(route: T) => (prefix === '/v1' ? route : aliasOf(route));
    const url = `${prefix}/messages`;
    app.post(url, deps.hits.route(url, { ...messagesAccess, schema: documented(messagesRoute) }, message), (request, reply) =>
      answerCompletion(deps, request, reply, message(request.body, request)),
    );

    app.post(`${prefix}/messages/count_tokens`, { ...messagesAccess, schema: documented(countTokensRoute) }, async (request, reply) => {
      if (wantsPreview(request.headers)) return sendUncachedPreview(reply, 'POST /v1/messages/count_tokens');
      const { body } = request;
      const route = routeMessages(body.model, deps.router, deps.modelMap);
      // Without an Anthropic upstream there is no tokenizer to ask: a documented local estimate.
      if (!route.native) {
        setUncachedHeaders(reply);
        return { input_tokens: estimateInputTokens(body) };
      }
      const signal = disconnectSignal(reply.raw);
      const { query, headers } = messagesTarget(request, route, forwardedHeaders(request, ANTHROPIC_HEADERS));
      const response = await deps.caller.send(route.provider, {
        method: 'POST',
        path: '/v1/messages/count_tokens',
        body: JSON.stringify(withoutGatewayFields(body)),
        ...(query ? { query } : {}),
        ...(headers ? { headers } : {}),
        ...(request.providerKey ? { apiKey: request.providerKey } : {}),
        signal,
      });
      return relayUpstream(reply, response, { signal });
    });
  }
}

/**
 * Where a Messages call goes: the query string and Anthropic headers go only to an Anthropic
 * upstream. One shape for every call (absent parts undefined), so that the pipeline's reads of it stay
 * monomorphic (completionCall() says why that matters).
 */
function messagesTarget(request: RequestParts, route: { provider: UpstreamProvider; native: boolean }, anthropicHeaders: Record<string, string> | undefined): UpstreamTarget {
  if (!route.native) return { provider: route.provider, query: undefined, headers: undefined };
  return { provider: route.provider, query: queryOf(request), headers: anthropicHeaders };
}
