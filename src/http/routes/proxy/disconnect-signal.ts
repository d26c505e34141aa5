// An AbortSignal that fires when the client goes away before its response was sent, so that
// the upstream call it started is cancelled.
import type { ServerResponse } from 'node:http';

export function disconnectSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (response.destroyed || response.req.socket?.destroyed) {
    controller.abort(new Error('client disconnected'));
    return controller.signal;
  }
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}
