// Errors raised before a request reaches any route: a malformed URL or an over-long path segment
// (Fastify's frameworkErrors), and what node:http refuses before Fastify sees a request at all
// (headers over the limit, bytes that are not HTTP, a request arriving too slowly). They leave in
// the same shapes as every other error, with an X-Request-ID, instead of Fastify's own bodies.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SynapseError } from '../errors.js';
import { anthropicErrorBody } from './anthropic-error.js';
import { errorShapeOfUnrouted, sendError } from './error-handling.js';
import { toErrorResponse } from './error-response.js';
import { generateRequestId } from './request-id.js';
import type { ErrorShape } from './route-config.js';

/**
 * Fastify's `frameworkErrors` option: the router's errors (bad URL, a segment longer than
 * `maxSegmentLength`, the router's maxParamLength) as SPEC errors.
 */
export function frameworkErrorAnswer(maxSegmentLength: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const synapseError =
      error.code === 'FST_ERR_BAD_URL'
        ? new SynapseError('invalid_url', { detail: 'the path is not valid percent-encoded UTF-8' })
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new SynapseError('uri_too_long', { limit: maxSegmentLength })
          : new SynapseError('internal', {}, { cause: error });
    if (synapseError.status >= 500) request.log.error({ err: error }, 'router error');
    return sendError(request, reply, synapseError);
  };
}

/**
 * Fastify's `clientErrorHandler` option, for what node:http rejects on its own: the response is
 * written straight to the socket (there is no request object yet), which is then closed.
 */
export function clientErrorHandler(logger: FastifyBaseLogger): (error: ConnectionError, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody to answer; a socket already answering a request must not get a second response.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !answering?.headersSent) {
      // Node passes the bytes it choked on as a Buffer (Fastify's typings say otherwise).
      const rawPacket: unknown = error.rawPacket;
      socket.write(rawErrorResponse(toClientError(error), Buffer.isBuffer(rawPacket) ? rawPacket : undefined));
    }
    logger.debug({ err: error, code: error.code }, 'client error');
    socket.destroy();
  };
}

/**
 * node:http's `checkExpectation` event: an `Expect` header other than 100-continue, which Node
 * would otherwise refuse with a bodiless 417.
 */
export function answerFailedExpectation(request: IncomingMessage, response: ServerResponse): void {
  const error = new SynapseError('expectation_failed', { expect: String(request.headers.expect).slice(0, 100) });
  const requestId = generateRequestId(request);
  const body = JSON.stringify(bodyOf(error, errorShapeOfUnrouted(request.url ?? '/', request.headers['anthropic-version'] !== undefined), requestId));
  response.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-request-id': requestId, connection: 'close' });
  response.end(body);
}

function toClientError(error: ConnectionError): SynapseError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new SynapseError('headers_too_large', { limit: maxHeaderSize });
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new SynapseError('request_timeout');
  return new SynapseError('malformed_request');
}

/** A whole HTTP/1.1 response; Anthropic's shape when what arrived began with a Messages request line. */
function rawErrorResponse(error: SynapseError, rawPacket: Buffer | undefined): string {
  const requestId = randomUUID();
  const requestLine = /^[A-Z]+ (\S+)/.exec(rawPacket?.subarray(0, 256).toString('latin1') ?? '');
  const shape = requestLine === null ? 'spec' : errorShapeOfUnrouted(requestLine[1]!, false);
  const body = JSON.stringify(bodyOf(error, shape, requestId));
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-ID: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

function bodyOf(error: SynapseError, shape: ErrorShape, requestId: string): unknown {
  return shape === 'anthropic' ? anthropicErrorBody(error, requestId) : toErrorResponse(error).body;
}
