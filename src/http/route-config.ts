// Per-route settings read by the auth and rate-limit hooks.
import type { Role } from '../domain/auth/roles.js';
import type { RateLimitGroup } from '../domain/ratelimit/rate-limit-policy.js';

export interface RouteConfig {
  /** The least role that may call the route; `public` needs no credentials. */
  auth: Role | 'public';
  /** What the caller is doing, for the 403 message. */
  action?: string;
  rateLimit?: RateLimitGroup;
  /**
   * The shape of this route's error bodies: the SPEC's (default), Anthropic's (Messages API routes),
   * or `by-client`: Anthropic's when the request carries `anthropic-version` (routes both APIs share).
   */
  errorShape?: ErrorShape | 'by-client';
  /**
   * The request may carry any text (the proxy: bodies are forwarded, and cached only as JSON text);
   * elsewhere text the stores cannot keep exactly is refused (src/http/middleware/storable-text.ts).
   */
  anyText?: boolean;
  /** Top-level body fields that may hold any text because they are never stored (a search query). */
  freeTextFields?: readonly string[];
}

export type ErrorShape = 'spec' | 'anthropic';

export function routeConfig(config: RouteConfig): { config: RouteConfig } {
  return { config };
}

declare module 'fastify' {
  // Every route's `config` is a RouteConfig (auth is set on each, and checked when the route is added).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends Partial<RouteConfig> {}
}
