// Projects: create (with their main branch), list, get, update the roadmap, delete everything.
import { SynapseError } from '../../errors.js';
import type { MemoryStore, ProjectSummary } from '../../stores/ports/memory-store.js';
import { isoTime } from './memory-ids.js';
import type { MilestoneSearch } from './search/milestone-search.js';

export const MAIN_BRANCH = 'main';
/** Who the main branch record names as its agent (WorldFlow's value), and its purpose. */
export const MAIN_AGENT_ID = 'system';
const MAIN_PURPOSE = 'Primary development branch';

export interface MemoryContext {
  store: MemoryStore;
  search: MilestoneSearch;
  now: () => number;
}

export async function requireProject(store: MemoryStore, tenantId: string, projectId: string): Promise<ProjectSummary> {
  const project = await store.getProject(tenantId, projectId);
  if (!project) throw new SynapseError('not_found', { what: `project '${projectId}'` });
  return project;
}

/** 404 unless the project exists (without the summary's counts). */
export async function requireProjectExists(store: MemoryStore, tenantId: string, projectId: string): Promise<void> {
  if (!(await store.hasProject(tenantId, projectId))) throw new SynapseError('not_found', { what: `project '${projectId}'` });
}

export class ProjectService {
  constructor(private readonly ctx: MemoryContext) {}

  async createProject(tenantId: string, input: { projectId: string; name: string; roadmap?: string }): Promise<ProjectSummary> {
    const at = isoTime(this.ctx.now());
    const created = await this.ctx.store.createProject(
      { tenantId, projectId: input.projectId, name: input.name, roadmap: input.roadmap ?? '', createdAt: at, updatedAt: at },
      {
        tenantId,
        projectId: input.projectId,
        branchName: MAIN_BRANCH,
        parentBranch: null,
        purpose: MAIN_PURPOSE,
        status: 'active',
        agentId: MAIN_AGENT_ID,
        createdAt: at,
        abandonReason: null,
        mergedInto: null,
      },
    );
    if (!created) throw new SynapseError('project_exists', { projectId: input.projectId });
    return requireProject(this.ctx.store, tenantId, input.projectId);
  }

  listProjects(tenantId: string): Promise<ProjectSummary[]> {
    return this.ctx.store.listProjects(tenantId);
  }

  getProject(tenantId: string, projectId: string): Promise<ProjectSummary> {
    return requireProject(this.ctx.store, tenantId, projectId);
  }

  async updateRoadmap(tenantId: string, projectId: string, roadmap: string): Promise<ProjectSummary> {
    if (!(await this.ctx.store.updateRoadmap(tenantId, projectId, roadmap, isoTime(this.ctx.now())))) {
      throw new SynapseError('not_found', { what: `project '${projectId}'` });
    }
    return requireProject(this.ctx.store, tenantId, projectId);
  }

  async deleteProject(tenantId: string, projectId: string): Promise<{ deleted: true; projectId: string; milestonesDeleted: number }> {
    const removed = await this.ctx.store.deleteProject(tenantId, projectId);
    if (!removed) throw new SynapseError('not_found', { what: `project '${projectId}'` });
    this.ctx.search.remove(removed);
    return { deleted: true, projectId, milestonesDeleted: removed.length };
  }
}
