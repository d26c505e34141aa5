// Runs the per-request middleware steps (request id, drain, authentication, rate limit) as one
// Fastify onRequest hook. A step returns nothing when it finished synchronously, which is the
// usual case on the proxy's hot path, or a promise when it had to wait; only then is a microtask
// spent. A step that throws or rejects ends the request with that error.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { RouteConfig } from '../route-config.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The matched route's config and URL pattern, read once (Fastify rebuilds routeOptions on each access). */
    route: Partial<RouteConfig> & { url?: string };
  }
}

export type RequestStep = (request: FastifyRequest, reply: FastifyReply) => void | Promise<void>;

export function composeRequestSteps(steps: RequestStep[]): onRequestHookHandler {
  return function runRequestSteps(request, reply, done) {
    let index = 0;
    const next = (): void => {
      try {
        while (index < steps.length) {
          const pending = steps[index++]!(request, reply);
          if (pending) {
            pending.then(next, done);
            return;
          }
        }
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    };
    next();
  };
}

export function decorateRoute(app: FastifyInstance): void {
  app.decorateRequest('route', null as unknown as FastifyRequest['route']);
}

/** The first step: echoes the request id and caches the route's settings for the later steps. */
export const beginRequest: RequestStep = (request, reply) => {
  reply.header('x-request-id', request.id);
  request.route = request.routeOptions.config as FastifyRequest['route'];
};
