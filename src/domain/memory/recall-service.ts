// CONTEXT: recall in five views. overview (project and branches), branch (its milestones, newest
// first), milestone (one by id), log (the branch's OTA log, newest first) and metadata (a segment).
import { SynapseError } from '../../errors.js';
import type { Page } from '../../stores/memory-store.js';
import type { BranchService } from './branch-service.js';
import type { MilestoneService } from './milestone-service.js';
import { branchView, logEntryView, milestoneView, projectView } from './memory-views.js';
import { MAIN_BRANCH, requireProject, type MemoryContext } from './project-service.js';

export const RECALL_VIEWS = ['overview', 'branch', 'milestone', 'log', 'metadata'] as const;
export type RecallView = (typeof RECALL_VIEWS)[number];
export const METADATA_SEGMENTS = ['roadmap', 'branches', 'stats', 'agents'] as const;
export type MetadataSegment = (typeof METADATA_SEGMENTS)[number];

const DEFAULT_LIMITS: Record<RecallView, number> = { overview: 10, branch: 10, milestone: 1, log: 20, metadata: 10 };

/** What recall answers: the project and the view's lists (empty lists left out), or a metadata segment. */
export interface RecallResult {
  project: ReturnType<typeof projectView>;
  view: RecallView;
  branches?: Array<ReturnType<typeof branchView>>;
  milestones?: Array<ReturnType<typeof milestoneView>>;
  logEntries?: Array<ReturnType<typeof logEntryView>>;
  metadata?: { segment: MetadataSegment; [data: string]: unknown };
}

export interface RecallQuery {
  view?: RecallView;
  branch?: string;
  milestoneId?: string;
  segment?: MetadataSegment;
  limit?: number;
  offset?: number;
}

export class RecallService {
  constructor(
    private readonly ctx: MemoryContext,
    private readonly branches: BranchService,
    private readonly milestones: MilestoneService,
  ) {}

  async recall(tenantId: string, projectId: string, query: RecallQuery): Promise<RecallResult> {
    const view = query.view ?? 'overview';
    const project = await requireProject(this.ctx.store, tenantId, projectId);
    const page: Page = { limit: query.limit ?? DEFAULT_LIMITS[view], offset: query.offset ?? 0 };
    const branchName = query.branch ?? MAIN_BRANCH;
    const base = { project: projectView(project), view };
    switch (view) {
      case 'overview': {
        const branches = await this.ctx.store.listBranches(tenantId, projectId);
        return { ...base, branches: branches.map(branchView) };
      }
      case 'branch': {
        const branch = await this.branches.getBranch(tenantId, projectId, branchName);
        const milestones = await this.ctx.store.listBranchMilestones(tenantId, projectId, branchName, page);
        return omitEmpty({ ...base, branches: [branchView(branch)], milestones: milestones.map(milestoneView) });
      }
      case 'milestone': {
        if (!query.milestoneId) throw new SynapseError('validation_failed', { detail: 'milestoneId is required for view=milestone' });
        const milestone = await this.milestones.getMilestone(tenantId, projectId, query.milestoneId);
        return { ...base, milestones: [milestoneView(milestone)] };
      }
      case 'log': {
        await this.branches.getBranch(tenantId, projectId, branchName);
        const entries = await this.ctx.store.listLogEntries(tenantId, projectId, branchName, page);
        return omitEmpty({ ...base, logEntries: entries.map((entry) => logEntryView(entry, true)) });
      }
      case 'metadata':
        return this.metadata(tenantId, projectId, query.segment ?? 'stats', base);
    }
  }

  private async metadata(
    tenantId: string,
    projectId: string,
    segment: MetadataSegment,
    base: { project: ReturnType<typeof projectView>; view: RecallView },
  ): Promise<RecallResult> {
    switch (segment) {
      case 'roadmap':
        return { ...base, metadata: { segment, roadmap: base.project.roadmap } };
      case 'branches': {
        const branches = await this.ctx.store.listBranches(tenantId, projectId);
        return { ...base, branches: branches.map(branchView), metadata: { segment, count: branches.length } };
      }
      case 'stats':
        return { ...base, metadata: { segment, ...(await this.ctx.store.projectStats(tenantId, projectId)) } };
      case 'agents':
        return { ...base, metadata: { segment, agents: await this.ctx.store.listAgents(tenantId, projectId) } };
    }
  }
}

/** Recall omits empty lists (SPEC: "empty fields omitted"). */
function omitEmpty(response: RecallResult): RecallResult {
  const { branches, milestones, logEntries, ...rest } = response;
  return {
    ...rest,
    ...(branches?.length ? { branches } : {}),
    ...(milestones?.length ? { milestones } : {}),
    ...(logEntries?.length ? { logEntries } : {}),
  };
}
