// Registers the error and not-found handlers: every failure leaves as JSON in the shape of the
// route's API (the SPEC's; Anthropic's on the Messages routes, and for Anthropic clients on routes
// both APIs share). Unexpected errors are logged with their stack here and never shown to the client.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SynapseError } from '../errors.js';
import { anthropicErrorBody } from './anthropic-error.js';
import { toErrorResponse, toSynapseError } from './error-response.js';
import type { ErrorShape, RouteConfig } from './route-config.js';

export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
    const synapseError = toSynapseError(error, bodyLimit, request.headers['content-type']);
    if (synapseError.status >= 500) {
      request.log.error({ err: synapseError.cause ?? error, code: synapseError.code }, synapseError.message);
    }
    const response = toErrorResponse(synapseError);
    if (reply.sent || reply.raw.headersSent) return;
    reply.code(response.status).headers(response.headers).type('application/json; charset=utf-8');
    return reply.send(errorShapeOf(request) === 'anthropic' ? anthropicErrorBody(synapseError, request.id) : response.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new SynapseError('route_not_found', { method: request.method, path: request.url.split('?')[0]! });
    const response = toErrorResponse(error);
    return reply.code(response.status).send(isAnthropicClient(request) ? anthropicErrorBody(error, request.id) : response.body);
  });
}

function errorShapeOf(request: FastifyRequest): ErrorShape {
  const config = request.routeOptions?.config as Pick<RouteConfig, 'errorShape'> | undefined;
  const shape = config?.errorShape ?? 'spec';
  if (shape !== 'by-client') return shape;
  return isAnthropicClient(request) ? 'anthropic' : 'spec';
}

/** Anthropic's clients send `anthropic-version` on every call and expect Anthropic's shapes. */
export function isAnthropicClient(request: FastifyRequest): boolean {
  return request.headers['anthropic-version'] !== undefined;
}
