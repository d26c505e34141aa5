// Contributors (upsert, list, get, delete, activity) and session metrics with their summary.
import type { FastifyInstance } from 'fastify';
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { contributorView, milestoneView } from './memory-views.js';
import type { SessionMetricsInput } from '../../../domain/memory/session-metrics-service.js';
import type { UpsertContributorInput } from '../../../domain/memory/contributor-service.js';
import { SESSION_COUNTERS, type SessionCounter } from '../../../stores/ports/session-metrics-store.js';
import { MEMORY_PREFIX, projectIdOf, readAccess, tenantOf, writeAccess } from './memory-access.js';
import { activityQuery, contributorBody, metricsBody } from './memory-schemas.js';

const CONTRIBUTOR = `${MEMORY_PREFIX}/contributors/:contributorId`;

export function registerContributorRoutes(app: FastifyInstance, memory: MemoryServices): void {
  const contributorIdOf = (params: unknown) => (params as { contributorId: string }).contributorId;

  app.post(`${MEMORY_PREFIX}/contributors`, { ...writeAccess, schema: { body: contributorBody } }, async (request, reply) => {
    const { contributor, created } = await memory.contributors.upsert(tenantOf(request), request.body as UpsertContributorInput);
    return reply.code(created ? 201 : 200).send(contributorView(contributor));
  });

  app.get(`${MEMORY_PREFIX}/contributors`, readAccess, async (request) => {
    return { contributors: (await memory.contributors.list(tenantOf(request))).map(contributorView) };
  });

  app.get(CONTRIBUTOR, readAccess, async (request) => {
    return contributorView(await memory.contributors.get(tenantOf(request), contributorIdOf(request.params)));
  });

  app.delete(CONTRIBUTOR, writeAccess, async (request) => {
    const contributorId = contributorIdOf(request.params);
    await memory.contributors.delete(tenantOf(request), contributorId);
    return { deleted: true, contributorId };
  });

  app.get(`${CONTRIBUTOR}/activity`, { ...readAccess, schema: { querystring: activityQuery } }, async (request) => {
    const { limit } = request.query as { limit: number };
    const activity = await memory.contributors.activity(tenantOf(request), contributorIdOf(request.params), limit);
    return {
      contributor: contributorView(activity.contributor),
      milestones: activity.milestones.map(milestoneView),
      totalMilestones: activity.totalMilestones,
    };
  });

  app.post(`${MEMORY_PREFIX}/projects/:projectId/metrics`, { ...writeAccess, schema: { body: metricsBody } }, async (request, reply) => {
    const raw = request.body as Omit<SessionMetricsInput, 'counters'> & Partial<Record<SessionCounter, number>>;
    const counters: Partial<Record<SessionCounter, number>> = {};
    for (const counter of SESSION_COUNTERS) if (raw[counter] !== undefined) counters[counter] = raw[counter];
    const recorded = await memory.sessions.record(tenantOf(request), projectIdOf(request), { ...raw, counters });
    return reply.code(201).send(recorded);
  });

  app.get(`${MEMORY_PREFIX}/projects/:projectId/metrics/summary`, readAccess, async (request) => {
    const tenantId = tenantOf(request);
    const projectId = projectIdOf(request);
    await memory.projects.getProject(tenantId, projectId);
    return memory.sessions.summary(tenantId, projectId);
  });
}
