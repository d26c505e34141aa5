// Search as the API answers it: ranked ids from MilestoneSearch, loaded as milestones of the
// caller's tenant, in rank order. A project search needs the project to exist.
import type { MemoryStore, MilestoneRecord } from '../../../stores/memory-store.js';
import { requireProject } from '../project-service.js';
import type { MilestoneSearch } from './milestone-search.js';

export interface FoundMilestone {
  milestone: MilestoneRecord;
  score: number;
}

export async function searchMilestones(
  store: MemoryStore,
  search: MilestoneSearch,
  request: { tenantId: string; query: string; limit: number; projectIds?: string[]; projectId?: string },
): Promise<FoundMilestone[]> {
  if (request.projectId !== undefined) await requireProject(store, request.tenantId, request.projectId);
  const projectIds = request.projectId !== undefined ? [request.projectId] : request.projectIds;
  const hits = await search.search({
    tenantId: request.tenantId,
    query: request.query,
    limit: request.limit,
    ...(projectIds ? { projectIds } : {}),
  });
  const byId = new Map((await store.getMilestonesByIds(request.tenantId, hits.map((h) => h.milestoneId))).map((m) => [m.milestoneId, m]));
  return hits.flatMap((hit) => {
    const milestone = byId.get(hit.milestoneId);
    return milestone ? [{ milestone, score: hit.score }] : [];
  });
}
