// The JSON body parser: Fastify's own (with prototype-poisoning protection), plus a refusal of
// bodies nested deeper than MAX_BODY_DEPTH. The recursive serializers behind the cache key and
// the upstream request would otherwise overflow the stack on a hostile body. Checking here costs
// no extra hook per request. The text a body was parsed from is kept on the request (`bodyText`):
// the proxy's cache remembers keys by it.
import type { FastifyInstance } from 'fastify';
import { SynapseError } from '../../errors.js';

export const MAX_BODY_DEPTH = 256;

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON text `body` was parsed from; null without a JSON body. */
    bodyText: string | null;
  }
}

/** Parses a JSON body as the routes receive it; throws what the client is answered on failure. */
export type JsonBodyParser = (text: string) => unknown;

/** Registers the parser for application/json; returns it, for the hit shortcut to parse with. */
export function registerJsonBodyParser(app: FastifyInstance): JsonBodyParser {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const parse: JsonBodyParser = (text) => {
    let parsed: unknown;
    let failure: Error | null = null;
    // Fastify's parser answers through its callback, synchronously.
    parseJson(undefined as never, text, (error, value) => {
      failure = error;
      parsed = value;
    });
    if (failure) throw failure;
    if (jsonDepthExceeds(parsed, MAX_BODY_DEPTH)) {
      throw new SynapseError('validation_failed', { detail: `body is nested deeper than ${MAX_BODY_DEPTH} levels` });
    }
    return parsed;
  };
  app.decorateRequest('bodyText', null);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    let value: unknown;
    try {
      value = parse(body as string);
    } catch (error) {
      return done(error as Error);
    }
    request.bodyText = body as string;
    done(null, value);
  });
  return parse;
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
