// Memory projects and what is written into them: create/list/get/delete, roadmap, store (COMMIT),
// recall (CONTEXT), the OTA log, and promote (a cache entry into a milestone).
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { logEntryView, milestoneView, projectView, recallView } from './memory-views.js';
import {
  appendLogRoute,
  createProjectRoute,
  deleteProjectRoute,
  getProjectRoute,
  listProjectsRoute,
  promoteRoute,
  recallRoute,
  storeMilestoneRoute,
  updateRoadmapRoute,
} from '../../contract/memory/project-route-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { MEMORY_PREFIX, readAccess, tenantOf, writeAccess } from './memory-access.js';

const PROJECT = `${MEMORY_PREFIX}/projects/:projectId`;

export function registerProjectRoutes(app: SynapseApp, memory: MemoryServices): void {
  app.post(`${MEMORY_PREFIX}/projects`, { ...writeAccess, schema: createProjectRoute }, async (request) => {
    return projectView(await memory.projects.createProject(tenantOf(request), request.body));
  });

  app.get(`${MEMORY_PREFIX}/projects`, { ...readAccess, schema: listProjectsRoute }, async (request) => {
    const projects = await memory.projects.listProjects(tenantOf(request));
    return { projects: projects.map(projectView) };
  });

  app.get(PROJECT, { ...readAccess, schema: getProjectRoute }, async (request) => {
    return projectView(await memory.projects.getProject(tenantOf(request), request.params.projectId));
  });

  app.delete(PROJECT, { ...writeAccess, schema: deleteProjectRoute }, async (request) => {
    return memory.projects.deleteProject(tenantOf(request), request.params.projectId);
  });

  app.put(`${PROJECT}/roadmap`, { ...writeAccess, schema: updateRoadmapRoute }, async (request) => {
    return projectView(await memory.projects.updateRoadmap(tenantOf(request), request.params.projectId, request.body.roadmap));
  });

  app.post(`${PROJECT}/store`, { ...writeAccess, schema: storeMilestoneRoute }, async (request, reply) => {
    const idempotencyKey = request.headers['idempotency-key'];
    const input = { ...request.body, ...(idempotencyKey ? { idempotencyKey } : {}) };
    const stored = await memory.milestones.storeMilestone(tenantOf(request), request.params.projectId, input);
    if (stored.replayed) reply.header('idempotent-replayed', 'true');
    return milestoneView(stored.milestone);
  });

  app.get(`${PROJECT}/recall`, { ...readAccess, schema: recallRoute }, async (request) => {
    return recallView(await memory.recall.recall(tenantOf(request), request.params.projectId, request.query));
  });

  app.post(`${PROJECT}/log`, { ...writeAccess, schema: appendLogRoute }, async (request) => {
    return logEntryView(await memory.log.appendLog(tenantOf(request), request.params.projectId, request.body), false);
  });

  app.post(`${PROJECT}/promote`, { ...writeAccess, schema: promoteRoute }, async (request) => {
    const promoted = await memory.promote.promote(tenantOf(request), request.params.projectId, request.body);
    const milestone = milestoneView(promoted.milestone);
    return { promoted: true as const, knowledgeId: milestone.milestoneId, reuseScore: promoted.reuseScore, ...milestone, promotedFrom: promoted.cacheEntryId };
  });
}
