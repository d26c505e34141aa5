// Routing of the fake upstream: which handler answers a method and path, the JSON-body check each
// POST needs (worded like the API addressed), and the 404 for anything else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendAnthropicError, sendAnthropicInvalidRequest } from './anthropic-errors.js';
import { handleAnthropicMessages, handleCountTokens } from './anthropic-messages.js';
import { handleChatCompletion } from './chat-completions.js';
import { isRecord } from './content-text.js';
import { handleEmbeddings } from './embeddings.js';
import { openAIError, sendError, sendInvalidRequest, type AttemptMemory, type HandlerContext } from './http-helpers.js';
import { handleLegacyCompletion } from './legacy-completions.js';
import { handleModelList, handleModelRetrieve } from './model-listing.js';
import { handleCreateResponse } from './responses-api.js';
import { routeStoredResponse, type ResponseStore } from './responses-store.js';

export type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

export interface RoutedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  query: URLSearchParams;
  parsed: ParsedBody;
  anthropic: boolean;
}

export interface RouteState {
  memory: AttemptMemory;
  responses: ResponseStore;
}

export function parseBody(raw: string): ParsedBody {
  if (raw === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, raw };
  }
}

type PostHandler = (ctx: HandlerContext) => Promise<void> | void;

const POST_ROUTES: ReadonlyMap<string, PostHandler> = new Map<string, PostHandler>([
  ['/v1/chat/completions', handleChatCompletion],
  ['/v1/embeddings', handleEmbeddings],
  ['/v1/completions', handleLegacyCompletion],
  ['/v1/responses', handleCreateResponse],
  ['/v1/messages', handleAnthropicMessages],
  ['/v1/messages/count_tokens', handleCountTokens],
]);

/** JSON endpoints need an object body; anything else gets the "could not parse" 400 of the API addressed. */
function asHandlerContext(state: RouteState, request: RoutedRequest): HandlerContext | undefined {
  const { parsed, res } = request;
  if (parsed.ok && isRecord(parsed.value)) return { res, body: parsed.value, memory: state.memory, responses: state.responses };
  if (request.anthropic) {
    sendAnthropicInvalidRequest(res, 'There was an error parsing the body of your request. Please send a valid JSON object.');
    return undefined;
  }
  sendInvalidRequest(
    res,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    null,
  );
  return undefined;
}

function sendUnknownRoute(request: RoutedRequest, method: string): void {
  if (request.anthropic) sendAnthropicError(request.res, 404, 'not_found_error', 'Not Found');
  else sendError(request.res, 404, openAIError(`Invalid URL (${method} ${request.path})`, 'invalid_request_error'));
}

export async function routeRequest(state: RouteState, request: RoutedRequest): Promise<void> {
  const method = request.req.method ?? 'GET';
  const { path, res } = request;
  const post = method === 'POST' ? POST_ROUTES.get(path) : undefined;
  if (post !== undefined) {
    // The real API refuses Messages calls without a version; the official SDK always sends one.
    if (request.anthropic && request.req.headers['anthropic-version'] === undefined) {
      sendAnthropicInvalidRequest(res, 'anthropic-version: header is required');
      return;
    }
    const ctx = asHandlerContext(state, request);
    if (ctx !== undefined) await post(ctx);
  } else if (method === 'GET' && path === '/v1/models') {
    handleModelList(res, request.query, request.anthropic);
  } else if (method === 'GET' && path.startsWith('/v1/models/')) {
    handleModelRetrieve(res, decodeURIComponent(path.slice('/v1/models/'.length)), request.anthropic);
  } else if (!(path.startsWith('/v1/responses/') && routeStoredResponse(state.responses, res, method, path.slice('/v1/responses/'.length), request.query))) {
    sendUnknownRoute(request, method);
  }
}
