// Memory projects and what is written into them: create/list/get/delete, roadmap, store (COMMIT),
// recall (CONTEXT), the OTA log, and promote (a cache entry into a milestone).
import type { FastifyInstance } from 'fastify';
import type { StoreMilestoneInput } from '../../../domain/memory/milestone-service.js';
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { logEntryView, milestoneView, projectView, recallView } from './memory-views.js';
import type { AppendLogInput } from '../../../domain/memory/log-service.js';
import type { PromoteInput } from '../../../domain/memory/promote-service.js';
import type { RecallQuery } from '../../../domain/memory/recall-service.js';
import { MEMORY_PREFIX, projectIdOf, readAccess, tenantOf, writeAccess } from './memory-access.js';
import { createProjectBody, logBody, promoteBody, recallQuery, roadmapBody, storeBody, storeHeaders } from './memory-schemas.js';

const PROJECT = `${MEMORY_PREFIX}/projects/:projectId`;

export function registerProjectRoutes(app: FastifyInstance, memory: MemoryServices): void {
  app.post(`${MEMORY_PREFIX}/projects`, { ...writeAccess, schema: { body: createProjectBody } }, async (request, reply) => {
    const input = request.body as { projectId: string; name: string; roadmap: string };
    const project = await memory.projects.createProject(tenantOf(request), input);
    return reply.code(201).send(projectView(project));
  });

  app.get(`${MEMORY_PREFIX}/projects`, readAccess, async (request) => {
    const projects = await memory.projects.listProjects(tenantOf(request));
    return { projects: projects.map(projectView) };
  });

  app.get(PROJECT, readAccess, async (request) => {
    return projectView(await memory.projects.getProject(tenantOf(request), projectIdOf(request)));
  });

  app.delete(PROJECT, writeAccess, async (request) => {
    return memory.projects.deleteProject(tenantOf(request), projectIdOf(request));
  });

  app.put(`${PROJECT}/roadmap`, { ...writeAccess, schema: { body: roadmapBody } }, async (request) => {
    const { roadmap } = request.body as { roadmap: string };
    return projectView(await memory.projects.updateRoadmap(tenantOf(request), projectIdOf(request), roadmap));
  });

  app.post(`${PROJECT}/store`, { ...writeAccess, schema: { body: storeBody, headers: storeHeaders } }, async (request, reply) => {
    const idempotencyKey = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
    const input: StoreMilestoneInput = { ...(request.body as StoreMilestoneInput), ...(idempotencyKey ? { idempotencyKey } : {}) };
    const stored = await memory.milestones.storeMilestone(tenantOf(request), projectIdOf(request), input);
    if (stored.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(stored.created ? 201 : 200).send(milestoneView(stored.milestone));
  });

  app.get(`${PROJECT}/recall`, { ...readAccess, schema: { querystring: recallQuery } }, async (request) => {
    return recallView(await memory.recall.recall(tenantOf(request), projectIdOf(request), request.query as RecallQuery));
  });

  app.post(`${PROJECT}/log`, { ...writeAccess, schema: { body: logBody } }, async (request, reply) => {
    const entry = await memory.log.appendLog(tenantOf(request), projectIdOf(request), request.body as AppendLogInput);
    return reply.code(201).send(logEntryView(entry, false));
  });

  app.post(`${PROJECT}/promote`, { ...writeAccess, schema: { body: promoteBody } }, async (request, reply) => {
    const promoted = await memory.promote.promote(tenantOf(request), projectIdOf(request), request.body as PromoteInput);
    return reply
      .code(promoted.created ? 201 : 200)
      .send({ ...milestoneView(promoted.milestone), promotedFrom: promoted.cacheEntryId });
  });
}
