// Refuses text the stores cannot keep exactly (see src/domain/storable-text.ts) before a route
// runs: in any path parameter, query value or JSON body, with a 400 validation_failed naming the
// field, the same on every backend. Routes whose config says `anyText` (the proxy: its bodies are
// forwarded, and cached only as JSON text) are exempt, as are the body fields a route names in
// `freeTextFields` (search queries, never stored). Added per route, so exempt routes pay nothing.
import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { findUnstorableText, STORABLE_TEXT_RULE } from '../../domain/storable-text.js';
import { SynapseError } from '../../errors.js';
import type { RouteConfig } from '../route-config.js';

/** Call before any route is registered. */
export function registerStorableTextCheck(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as Partial<RouteConfig> | undefined;
    if (config?.anyText) return;
    const existing = route.preValidation;
    const check = refuseUnstorableText(new Set(config?.freeTextFields ?? []));
    route.preValidation = [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), check];
  });
}

function refuseUnstorableText(freeTextFields: ReadonlySet<string>): preValidationAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const body = freeTextFields.size === 0 ? request.body : withoutFields(request.body, freeTextFields);
    for (const [part, value] of [['path parameter', request.params], ['query parameter', request.query], ['body', body]] as const) {
      const field = findUnstorableText(value);
      if (field !== undefined) {
        throw new SynapseError('validation_failed', { detail: `${field || part} ${STORABLE_TEXT_RULE}` });
      }
    }
  };
}

function withoutFields(body: unknown, fields: ReadonlySet<string>): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !fields.has(key)));
}
