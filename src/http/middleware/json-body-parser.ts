// The JSON body parser: Fastify's own (with prototype-poisoning protection), plus a refusal of
// bodies nested deeper than MAX_BODY_DEPTH. The recursive serializers behind the cache key and
// the upstream request would otherwise overflow the stack on a hostile body. Checking here costs
// no extra hook per request.
import type { FastifyInstance } from 'fastify';
import { SynapseError } from '../../errors.js';

export const MAX_BODY_DEPTH = 256;

export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error);
      if (jsonDepthExceeds(value, MAX_BODY_DEPTH)) {
        return done(new SynapseError('validation_failed', { detail: `body is nested deeper than ${MAX_BODY_DEPTH} levels` }));
      }
      done(null, value);
    });
  });
}

/** True when `value` nests objects/arrays deeper than `maxDepth`; iterative, so it cannot overflow. */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
