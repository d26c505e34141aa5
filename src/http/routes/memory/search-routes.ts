// Memory search (per project and across projects) and the intelligence query, as JSON or SSE, and
// the models it can answer with.
import { Readable } from 'node:stream';
import type { IntelligenceAnswer } from '../../../domain/memory/intelligence/intelligence-types.js';
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { milestoneView } from './memory-views.js';
import { searchMilestones, type FoundMilestone } from '../../../domain/memory/search/search-milestones.js';
import { PROJECT_SEARCH_LIMIT, SEARCH_LIMIT } from '../../contract/memory/memory-requests.js';
import {
  intelligenceModelsRoute,
  intelligenceRoute,
  intelligenceStreamRoute,
  projectSearchRoute,
  searchRoute,
} from '../../contract/memory/search-route-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { MEMORY_PREFIX, readAccess, searchAccess, tenantOf } from './memory-access.js';

export function registerSearchRoutes(app: SynapseApp, memory: MemoryServices): void {
  const respond = (query: string, found: FoundMilestone[]) => ({
    milestones: found.map(({ milestone, score }) => ({ ...milestoneView(milestone), score: Math.round(score * 1e6) / 1e6 })),
    query,
    count: found.length,
  });

  app.post(`${MEMORY_PREFIX}/projects/:projectId/search`, { ...searchAccess, schema: projectSearchRoute }, async (request) => {
    const { query, limit = PROJECT_SEARCH_LIMIT } = request.body;
    const found = await searchMilestones(memory.store, memory.search, { tenantId: tenantOf(request), query, limit, projectId: request.params.projectId });
    return respond(query, found);
  });

  app.post(`${MEMORY_PREFIX}/search`, { ...searchAccess, schema: searchRoute }, async (request) => {
    const { query, limit = SEARCH_LIMIT, projectIds } = request.body;
    const found = await searchMilestones(memory.store, memory.search, {
      tenantId: tenantOf(request),
      query,
      limit,
      ...(projectIds ? { projectIds } : {}),
    });
    return respond(query, found);
  });

  app.post(`${MEMORY_PREFIX}/intelligence/query`, { ...searchAccess, schema: intelligenceRoute }, async (request) => {
    return memory.intelligence.query(tenantOf(request), request.body);
  });

  // The answer is computed before the first byte, so every failure is still a JSON error; the
  // stream then carries the sources, the answer in sentence-sized deltas, and the full result.
  app.post(`${MEMORY_PREFIX}/intelligence/query/stream`, { ...searchAccess, schema: intelligenceStreamRoute }, async (request, reply) => {
    const result = await memory.intelligence.query(tenantOf(request), request.body);
    reply.header('cache-control', 'no-cache');
    return reply.type('text/event-stream; charset=utf-8').send(Readable.from(intelligenceEvents(result)));
  });

  app.get(`${MEMORY_PREFIX}/intelligence/models`, { ...readAccess, schema: intelligenceModelsRoute }, async () => {
    return { models: memory.intelligence.models() };
  });
}

function* intelligenceEvents(result: IntelligenceAnswer): Generator<string> {
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  yield event('sources', { question: result.question, projectsSearched: result.projectsSearched, answerKind: result.answerKind, sources: result.sources });
  for (const delta of result.answer.match(/[^.!?\n]*(?:[.!?]+|\n|$)\s*/g) ?? []) {
    if (delta) yield event('answer', { delta });
  }
  yield event('done', result);
  yield 'data: [DONE]\n\n';
}
