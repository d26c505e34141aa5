// Memory search (per project and across projects) and the intelligence query, as JSON or SSE.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { IntelligenceAnswer, IntelligenceQuery } from '../../../domain/memory/intelligence/intelligence-types.js';
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { milestoneView } from './memory-views.js';
import { searchMilestones, type FoundMilestone } from '../../../domain/memory/search/search-milestones.js';
import { MEMORY_PREFIX, projectIdOf, searchAccess, tenantOf } from './memory-access.js';
import { intelligenceBody, projectSearchBody, searchBody } from './memory-schemas.js';

export function registerSearchRoutes(app: FastifyInstance, memory: MemoryServices): void {
  const respond = (query: string, found: FoundMilestone[]) => ({
    milestones: found.map(({ milestone, score }) => ({ ...milestoneView(milestone), score: Math.round(score * 1e6) / 1e6 })),
    query,
    count: found.length,
  });

  app.post(`${MEMORY_PREFIX}/projects/:projectId/search`, { ...searchAccess, schema: { body: projectSearchBody } }, async (request) => {
    const { query, limit } = request.body as { query: string; limit: number };
    const found = await searchMilestones(memory.store, memory.search, { tenantId: tenantOf(request), query, limit, projectId: projectIdOf(request) });
    return respond(query, found);
  });

  app.post(`${MEMORY_PREFIX}/search`, { ...searchAccess, schema: { body: searchBody } }, async (request) => {
    const { query, limit, projectIds } = request.body as { query: string; limit: number; projectIds?: string[] };
    const found = await searchMilestones(memory.store, memory.search, {
      tenantId: tenantOf(request),
      query,
      limit,
      ...(projectIds ? { projectIds } : {}),
    });
    return respond(query, found);
  });

  app.post(`${MEMORY_PREFIX}/intelligence/query`, { ...searchAccess, schema: { body: intelligenceBody } }, async (request) => {
    return memory.intelligence.query(tenantOf(request), request.body as IntelligenceQuery);
  });

  // The answer is computed before the first byte, so every failure is still a JSON error; the
  // stream then carries the sources, the answer in sentence-sized deltas, and the full result.
  app.post(`${MEMORY_PREFIX}/intelligence/query/stream`, { ...searchAccess, schema: { body: intelligenceBody } }, async (request, reply) => {
    const result = await memory.intelligence.query(tenantOf(request), request.body as IntelligenceQuery);
    reply.header('cache-control', 'no-cache');
    return reply.type('text/event-stream; charset=utf-8').send(Readable.from(intelligenceEvents(result)));
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
