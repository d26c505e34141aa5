// Registers the error and not-found handlers: every failure leaves as the SPEC's JSON shape.
// Unexpected errors are logged with their stack here and never shown to the client.
import type { FastifyInstance } from 'fastify';
import { SynapseError } from '../errors.js';
import { toErrorResponse, toSynapseError } from './error-response.js';

export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
    const synapseError = toSynapseError(error, bodyLimit, request.headers['content-type']);
    if (synapseError.status >= 500) {
      request.log.error({ err: synapseError.cause ?? error, code: synapseError.code }, synapseError.message);
    }
    const response = toErrorResponse(synapseError);
    if (reply.sent || reply.raw.headersSent) return;
    reply.code(response.status).headers(response.headers).type('application/json; charset=utf-8');
    return reply.send(response.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const response = toErrorResponse(
      new SynapseError('route_not_found', { method: request.method, path: request.url.split('?')[0]! }),
    );
    return reply.code(response.status).send(response.body);
  });
}
