// An AbortSignal that fires when the client goes away before its response was sent, so that
// the upstream call it started is cancelled.
import type { FastifyReply } from 'fastify';

export function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  if (reply.raw.destroyed || reply.request.raw.socket?.destroyed) {
    controller.abort(new Error('client disconnected'));
    return controller.signal;
  }
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}
