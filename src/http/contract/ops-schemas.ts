// Schemas of the operations routes: /health, /ready and /metrics.
import { Type } from 'typebox';
import { errorResponses, publicErrorResponses } from './error-schemas.js';

export const healthRoute = {
  operationId: 'getHealth',
  summary: 'Liveness: the process is up',
  tags: ['operations'],
  security: [],
  response: { 200: Type.Object({ status: Type.Literal('ok') }), ...publicErrorResponses() },
};

export const readyRoute = {
  operationId: 'getReady',
  summary: 'Readiness: the storage and every other configured backend answer',
  tags: ['operations'],
  security: [],
  response: {
    200: Type.Object({
      status: Type.Literal('ready'),
      storage: Type.String({ description: 'sqlite or postgres' }),
      checks: Type.Record(Type.String(), Type.String(), {
        description:
          'Each backend asked, by name: `ok`; `memory_search` is `loading` while its vector index loads in the background (search ranks by words until then), `failed` if that load failed, `words only` without an embedder; `semantic_index` is `loading` while the semantic cache\'s index loads (only exact repeats hit until then), `failed` if that load failed.',
      }),
      details: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description: 'More about a check, by its name: `semantic_index` gives state, entries, bytes, budgetBytes, evicted, loadSecs and denseIndex.',
        }),
      ),
    }),
    ...errorResponses(),
  },
};

export const metricsRoute = {
  operationId: 'getMetrics',
  summary: "Prometheus metrics in the text exposition format (a bearer token when SYNAPSE_METRICS_TOKEN is set)",
  tags: ['operations'],
  security: [],
  response: {
    200: { description: 'Prometheus text format', content: { 'text/plain': { schema: Type.String() } } },
    ...errorResponses(),
  },
};
