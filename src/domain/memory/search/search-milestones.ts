// Search as the API answers it: ranked ids from MilestoneSearch, loaded as milestones of the
// caller's tenant, in rank order. A project search needs the project to exist (checked alongside).
import type { MemoryStore, MilestoneRecord } from '../../../stores/ports/memory-store.js';
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
  const projectIds = request.projectId !== undefined ? [request.projectId] : request.projectIds;
  // The project check (a summary with counts: about 10 ms on PostgreSQL at 10k milestones in the
  // project) runs alongside the search, which finds nothing in a project that does not exist.
  const [, hits] = await Promise.all([
    request.projectId !== undefined ? requireProject(store, request.tenantId, request.projectId) : undefined,
    search.search({
      tenantId: request.tenantId,
      query: request.query,
      limit: request.limit,
      ...(projectIds ? { projectIds } : {}),
    }),
  ]);
  const byId = new Map((await store.getMilestonesByIds(request.tenantId, hits.map((h) => h.milestoneId))).map((m) => [m.milestoneId, m]));
  return hits.flatMap((hit) => {
    const milestone = byId.get(hit.milestoneId);
    return milestone ? [{ milestone, score: hit.score }] : [];
  });
}
