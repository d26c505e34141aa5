// Contributors (upsert, list, get, delete, activity) and session metrics with their summary.
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { contributorView, milestoneView } from './memory-views.js';
import { SESSION_COUNTERS, type SessionCounter } from '../../../stores/ports/session-metrics-store.js';
import {
  contributorActivityRoute,
  deleteContributorRoute,
  getContributorRoute,
  listContributorsRoute,
  recordSessionRoute,
  sessionSummaryRoute,
  upsertContributorRoute,
} from '../../contract/memory/contributor-route-schemas.js';
import { ACTIVITY_LIMIT } from '../../contract/memory/memory-requests.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { MEMORY_PREFIX, readAccess, tenantOf, writeAccess } from './memory-access.js';

const CONTRIBUTOR = `${MEMORY_PREFIX}/contributors/:contributorId`;

export function registerContributorRoutes(app: SynapseApp, memory: MemoryServices): void {
  app.post(`${MEMORY_PREFIX}/contributors`, { ...writeAccess, schema: upsertContributorRoute }, async (request) => {
    const { contributor } = await memory.contributors.upsert(tenantOf(request), request.body);
    return contributorView(contributor);
  });

  app.get(`${MEMORY_PREFIX}/contributors`, { ...readAccess, schema: listContributorsRoute }, async (request) => {
    return { contributors: (await memory.contributors.list(tenantOf(request))).map(contributorView) };
  });

  app.get(CONTRIBUTOR, { ...readAccess, schema: getContributorRoute }, async (request) => {
    return contributorView(await memory.contributors.get(tenantOf(request), request.params.contributorId));
  });

  app.delete(CONTRIBUTOR, { ...writeAccess, schema: deleteContributorRoute }, async (request) => {
    const { contributorId } = request.params;
    await memory.contributors.delete(tenantOf(request), contributorId);
    return { deleted: true as const, contributorId };
  });

  app.get(`${CONTRIBUTOR}/activity`, { ...readAccess, schema: contributorActivityRoute }, async (request) => {
    const { limit = ACTIVITY_LIMIT } = request.query;
    const activity = await memory.contributors.activity(tenantOf(request), request.params.contributorId, limit);
    return {
      contributor: contributorView(activity.contributor),
      milestones: activity.milestones.map(milestoneView),
      totalMilestones: activity.totalMilestones,
    };
  });

  app.post(`${MEMORY_PREFIX}/projects/:projectId/metrics`, { ...writeAccess, schema: recordSessionRoute }, async (request) => {
    const body = request.body;
    const counters: Partial<Record<SessionCounter, number>> = {};
    for (const counter of SESSION_COUNTERS) {
      const value = body[counter];
      if (value !== undefined) counters[counter] = value;
    }
    return memory.sessions.record(tenantOf(request), request.params.projectId, {
      sessionId: body.sessionId,
      agentId: body.agentId,
      ...(body.branchName === undefined ? {} : { branchName: body.branchName }),
      ...(body.agentType === undefined ? {} : { agentType: body.agentType }),
      milestonesRecalled: body.milestonesRecalled,
      toolCallsTotal: body.toolCallsTotal,
      sessionDurationSecs: body.sessionDurationSecs,
      startedAt: body.startedAt,
      endedAt: body.endedAt,
      counters,
    });
  });

  app.get(`${MEMORY_PREFIX}/projects/:projectId/metrics/summary`, { ...readAccess, schema: sessionSummaryRoute }, async (request) => {
    const tenantId = tenantOf(request);
    const { projectId } = request.params;
    await memory.projects.getProject(tenantId, projectId);
    return memory.sessions.summary(tenantId, projectId);
  });
}
