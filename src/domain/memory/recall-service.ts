// CONTEXT: recall in five views. overview (project and branches), branch (its milestones, newest
// first), milestone (one by id), log (the branch's OTA log, newest first) and metadata (a segment).
// Answers store records; the JSON shape is made in src/http/routes/memory/memory-views.ts.
import { SynapseError } from '../../errors.js';
import type {
  AgentActivity,
  BranchRecord,
  LogEntryRecord,
  MilestoneRecord,
  Page,
  ProjectStats,
  ProjectSummary,
} from '../../stores/ports/memory-store.js';
import type { BranchService } from './branch-service.js';
import type { MilestoneService } from './milestone-service.js';
import { MAIN_BRANCH, requireProject, type MemoryContext } from './project-service.js';

export const RECALL_VIEWS = ['overview', 'branch', 'milestone', 'log', 'metadata'] as const;
export type RecallView = (typeof RECALL_VIEWS)[number];
export const METADATA_SEGMENTS = ['roadmap', 'branches', 'stats', 'agents'] as const;
export type MetadataSegment = (typeof METADATA_SEGMENTS)[number];

const DEFAULT_LIMITS: Record<RecallView, number> = { overview: 10, branch: 10, milestone: 1, log: 20, metadata: 10 };

export interface RecallQuery {
  view?: RecallView;
  branch?: string;
  milestoneId?: string;
  segment?: MetadataSegment;
  limit?: number;
  offset?: number;
}

export type RecallMetadata =
  | { segment: 'roadmap'; roadmap: string }
  | { segment: 'branches'; count: number }
  | ({ segment: 'stats' } & ProjectStats)
  | { segment: 'agents'; agents: AgentActivity[] };

/** What one recall found: the project, and the lists and metadata its view asks for. */
export interface Recall {
  project: ProjectSummary;
  view: RecallView;
  branches?: BranchRecord[];
  milestones?: MilestoneRecord[];
  logEntries?: LogEntryRecord[];
  metadata?: RecallMetadata;
}

export class RecallService {
  constructor(
    private readonly ctx: MemoryContext,
    private readonly branches: BranchService,
    private readonly milestones: MilestoneService,
  ) {}

  async recall(tenantId: string, projectId: string, query: RecallQuery): Promise<Recall> {
    const view = query.view ?? 'overview';
    const project = await requireProject(this.ctx.store, tenantId, projectId);
    const page: Page = { limit: query.limit ?? DEFAULT_LIMITS[view], offset: query.offset ?? 0 };
    const branchName = query.branch ?? MAIN_BRANCH;
    const base = { project, view };
    switch (view) {
      case 'overview':
        return { ...base, branches: await this.ctx.store.listBranches(tenantId, projectId) };
      case 'branch': {
        const branch = await this.branches.getBranch(tenantId, projectId, branchName);
        const milestones = await this.ctx.store.listBranchMilestones(tenantId, projectId, branchName, page);
        return { ...base, branches: [branch], milestones };
      }
      case 'milestone': {
        if (!query.milestoneId) throw new SynapseError('validation_failed', { detail: 'milestoneId is required for view=milestone' });
        return { ...base, milestones: [await this.milestones.getMilestone(tenantId, projectId, query.milestoneId)] };
      }
      case 'log': {
        await this.branches.getBranch(tenantId, projectId, branchName);
        return { ...base, logEntries: await this.ctx.store.listLogEntries(tenantId, projectId, branchName, page) };
      }
      case 'metadata':
        return { ...base, ...(await this.metadata(tenantId, project, query.segment ?? 'stats')) };
    }
  }

  private async metadata(tenantId: string, project: ProjectSummary, segment: MetadataSegment): Promise<Pick<Recall, 'branches' | 'metadata'>> {
    switch (segment) {
      case 'roadmap':
        return { metadata: { segment, roadmap: project.roadmap } };
      case 'branches': {
        const branches = await this.ctx.store.listBranches(tenantId, project.projectId);
        return { branches, metadata: { segment, count: branches.length } };
      }
      case 'stats':
        return { metadata: { segment, ...(await this.ctx.store.projectStats(tenantId, project.projectId)) } };
      case 'agents':
        return { metadata: { segment, agents: await this.ctx.store.listAgents(tenantId, project.projectId) } };
    }
  }
}
