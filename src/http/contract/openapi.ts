// The OpenAPI 3.1 document, generated from the schemas every route declares (@fastify/swagger), and
// served at GET /openapi.json. `npm run build` writes the same document to docs/openapi.json.
import fastifySwagger from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { routeConfig } from '../route-config.js';
import { addErrorSchemas } from './error-schemas.js';
import type { SynapseApp } from './synapse-app.js';

const DESCRIPTION = [
  'Synapse: a self-hostable LLM gateway with a response cache (OpenAI chat completions, Responses and legacy',
  'completions, Anthropic Messages) and a git-like memory for agents. Errors have the shape of ErrorBody',
  '(AnthropicErrorBody on the Messages routes); docs/errors.md lists every code.',
].join(' ');

export interface RegisteredRoute {
  method: string;
  /** In OpenAPI's syntax: `/api/v1/keys/{id}`. */
  path: string;
  /** Left out of the document on purpose (`schema.hide`: the dashboard's static files). */
  hidden: boolean;
}

/**
 * A route ending in a wildcard (`/v1/responses/*`) is documented with a named path parameter,
 * `{path}`: OpenAPI names parameters, and `{*}` is not a name tools accept.
 */
const WILDCARD_NAME = 'path';

function namedWildcard({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  if (!url.endsWith('*')) return { schema, url };
  const params = schema.params as { properties?: Record<string, unknown> } | undefined;
  const wildcard = params?.properties?.['*'] ?? { type: 'string' };
  return { schema: { ...schema, params: { type: 'object', properties: { [WILDCARD_NAME]: wildcard }, required: [WILDCARD_NAME] } }, url: `${url.slice(0, -1)}:${WILDCARD_NAME}` };
}

const routesByApp = new WeakMap<object, RegisteredRoute[]>();

/** Every route registered after registerOpenApi, documented or not: what the contract test holds the document to. */
export function registeredRoutes(app: SynapseApp): readonly RegisteredRoute[] {
  return routesByApp.get(app) ?? [];
}

export async function registerOpenApi(app: SynapseApp, version: string): Promise<void> {
  addErrorSchemas(app);
  const routes: RegisteredRoute[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    const path = route.url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, `{${WILDCARD_NAME}}`);
    for (const method of [route.method].flat()) routes.push({ method, path, hidden });
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Synapse gateway API', version, description: DESCRIPTION, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
      // Relative: the gateway that serves this document (http://localhost:8080 when started with its defaults).
      servers: [{ url: '/', description: 'The gateway serving this document' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (sk-syn-...) or a JWT from POST /api/v1/auth/token. Anthropic clients may send the key as x-api-key.',
          },
        },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'operations', description: 'Health, readiness and metrics; no credentials.' },
        { name: 'auth', description: 'Token exchange and API keys.' },
        { name: 'proxy', description: 'The LLM APIs, cached: OpenAI chat completions, completions, embeddings, models and Responses; Anthropic Messages.' },
        { name: 'cache', description: 'Cache administration: statistics, entries, thresholds, previews.' },
        { name: 'rate-limits', description: 'Rate-limit tiers per tenant.' },
        { name: 'memory', description: 'Projects, branches, milestones, recall, search and intelligence.' },
        { name: 'observability', description: 'Request log, analytics and agent sessions.' },
      ],
    },
    hideUntagged: false,
    // Shared schemas keep their $id as their name in components/schemas (ErrorBody, AnthropicErrorBody).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: namedWildcard,
  });
  app.get('/openapi.json', { ...routeConfig({ auth: 'public' }), schema: { hide: true } }, async () => app.swagger());
}
