// What the hit shortcut (hit-shortcut.ts) leaves on a request it hands over to Fastify: the body it
// already read, replayed to Fastify's body parser by a preParsing hook, and the rate-limit decision
// it already took, which the rate-limit step enforces instead of taking a second token.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { preParsingHookHandler } from 'fastify';
import type { RateLimitDecision } from '../../stores/ports/rate-limiter.js';

const READ_BODY = Symbol('synapse.shortcutBody');
const TAKEN_DECISION = Symbol('synapse.shortcutDecision');

interface HandedOver extends IncomingMessage {
  [READ_BODY]?: Buffer;
  [TAKEN_DECISION]?: RateLimitDecision;
}

/** Marks a request whose body the shortcut read (and the decision it took, if it took one). */
export function markHandedOver(request: IncomingMessage, body: Buffer, decision: RateLimitDecision | undefined): void {
  (request as HandedOver)[READ_BODY] = body;
  if (decision) (request as HandedOver)[TAKEN_DECISION] = decision;
}

/** The rate-limit decision the shortcut took for this request, once: undefined when it took none. */
export function takenDecision(request: IncomingMessage): RateLimitDecision | undefined {
  const decision = (request as HandedOver)[TAKEN_DECISION];
  if (decision) (request as HandedOver)[TAKEN_DECISION] = undefined;
  return decision;
}

/** preParsing hook of the shortcut's routes: the body the shortcut read, as the stream Fastify parses. */
export const replayReadBody: preParsingHookHandler = (request, _reply, payload, done) => {
  const body = (request.raw as HandedOver)[READ_BODY];
  if (body === undefined) return done(null, payload);
  const replay = new Readable({ read() {} });
  replay.push(body);
  replay.push(null);
  done(null, replay);
};
