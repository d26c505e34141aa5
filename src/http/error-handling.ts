// Registers the error and not-found handlers: every failure leaves as JSON in the shape of the
// route's API (the SPEC's; Anthropic's on the Messages routes, and for Anthropic clients on routes
// both APIs share) with an X-Request-ID. Unexpected errors are logged with their stack here and never
// shown to the client. Errors raised before a route is matched come here too, through
// src/http/framework-errors.ts.
import { noteCallError } from './routes/proxy/call-log.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SynapseError } from '../errors.js';
import { anthropicErrorBody } from './anthropic-error.js';
import { toErrorResponse, toSynapseError } from './error-response.js';
import type { RouteConfig } from './route-config.js';

export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
    const synapseError = toSynapseError(error, bodyLimit, request.headers['content-type']);
    if (synapseError.status >= 500) {
      request.log.error({ err: synapseError.cause ?? error, code: synapseError.code }, synapseError.message);
    }
    if (reply.sent || reply.raw.headersSent) return;
    return sendError(request, reply, synapseError);
  });
  app.setNotFoundHandler((request, reply) => {
    return sendError(request, reply, new SynapseError('route_not_found', { method: request.method, path: request.url.split('?')[0]! }));
  });
}

/** Writes `error` as the response, in the shape the request's API expects. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: SynapseError): FastifyReply {
  const response = toErrorResponse(error);
  noteCallError(request, error.type);
  reply.code(response.status).headers(response.headers).header('x-request-id', request.id).type('application/json; charset=utf-8');
  const body = errorShapeOf(request) === 'anthropic' ? anthropicErrorBody(error, request.id) : response.body;
  // Sent as text: the route's declared error schemas describe it (src/http/contract/error-schemas.ts),
  // and no response serializer may drop a field of it.
  return reply.send(JSON.stringify(body));
}

/**
 * The matched route's shape (`by-client`: Anthropic's for Anthropic clients, on routes both APIs
 * share); without a route (unknown path, malformed URL), guessed from the request.
 */
function errorShapeOf(request: FastifyRequest): 'spec' | 'anthropic' {
  const routed = request.routeOptions?.url !== undefined && !request.is404;
  if (!routed) return errorShapeOfUnrouted(request.url, isAnthropicClient(request));
  const shape = (request.routeOptions.config as Pick<RouteConfig, 'errorShape'>).errorShape ?? 'spec';
  if (shape !== 'by-client') return shape;
  return isAnthropicClient(request) ? 'anthropic' : 'spec';
}

/** Anthropic's clients send `anthropic-version` on every call and expect Anthropic's shapes. */
export function isAnthropicClient(request: FastifyRequest): boolean {
  return request.headers['anthropic-version'] !== undefined;
}

const MESSAGES_PATH = /^\/v1(?:\/v1)?\/messages(?:[/?]|$)/;

/** Anthropic's shape for the Messages paths and for clients that speak Anthropic (they send `anthropic-version`). */
export function errorShapeOfUnrouted(url: string, speaksAnthropic: boolean): 'spec' | 'anthropic' {
  return speaksAnthropic || MESSAGES_PATH.test(url) ? 'anthropic' : 'spec';
}
