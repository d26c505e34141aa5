// Graceful shutdown for the HTTP server. Once close() starts: requests arriving on kept-alive
// connections get the SPEC's 503, connections close as soon as their response has finished, and
// connections that never sent a request (clients' spare sockets) are dropped at once so they
// cannot hold the drain open.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SynapseError } from '../../errors.js';
import type { RequestStep } from './request-steps.js';

export interface GracefulDrain {
  /** Request step: refuses new requests while closing. */
  refuseWhileClosing: RequestStep;
  /** Call after each response: closes the connection if the server is closing. */
  afterResponse(): void;
  /** True once close() has started. */
  closing(): boolean;
}

export function registerGracefulDrain(app: FastifyInstance): GracefulDrain {
  const unused = new Set<Socket>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }) => {
    unused.delete(request.socket);
  });
  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of unused) socket.destroy();
    unused.clear();
  });
  return {
    refuseWhileClosing: (_request, reply) => {
      if (!closing) return;
      reply.header('connection', 'close');
      throw new SynapseError('service_unavailable', { detail: 'the gateway is shutting down; retry' });
    },
    afterResponse: () => {
      if (closing) app.server.closeIdleConnections();
    },
    closing: () => closing,
  };
}
