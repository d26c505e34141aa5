// Contributors: who stands behind which agent ids (upsert, list, get, delete), and their
// activity: the milestones those agents stored across all of the tenant's projects.
import { SynapseError } from '../../errors.js';
import type { ContributorRecord, ContributorStore } from '../../stores/ports/contributor-store.js';
import type { MemoryStore, MilestoneRecord } from '../../stores/ports/memory-store.js';
import { isoTime } from './memory-ids.js';

export interface UpsertContributorInput {
  contributorId: string;
  displayName: string;
  /** Default none. */
  agentIds?: string[];
  role?: string | null;
}

export class ContributorService {
  constructor(
    private readonly contributors: ContributorStore,
    private readonly memory: MemoryStore,
    private readonly now: () => number,
  ) {}

  async upsert(tenantId: string, input: UpsertContributorInput): Promise<{ contributor: ContributorRecord; created: boolean }> {
    const at = isoTime(this.now());
    return this.contributors.upsertContributor({
      tenantId,
      contributorId: input.contributorId,
      displayName: input.displayName,
      agentIds: [...new Set(input.agentIds ?? [])],
      role: input.role ?? null,
      createdAt: at,
      updatedAt: at,
    });
  }

  list(tenantId: string): Promise<ContributorRecord[]> {
    return this.contributors.listContributors(tenantId);
  }

  async get(tenantId: string, contributorId: string): Promise<ContributorRecord> {
    const contributor = await this.contributors.getContributor(tenantId, contributorId);
    if (!contributor) throw new SynapseError('not_found', { what: `contributor '${contributorId}'` });
    return contributor;
  }

  async delete(tenantId: string, contributorId: string): Promise<void> {
    if (!(await this.contributors.deleteContributor(tenantId, contributorId))) {
      throw new SynapseError('not_found', { what: `contributor '${contributorId}'` });
    }
  }

  async activity(
    tenantId: string,
    contributorId: string,
    limit: number,
  ): Promise<{ contributor: ContributorRecord; milestones: MilestoneRecord[]; totalMilestones: number }> {
    const contributor = await this.get(tenantId, contributorId);
    if (contributor.agentIds.length === 0) return { contributor, milestones: [], totalMilestones: 0 };
    const { milestones, total } = await this.memory.listMilestones(tenantId, { agentIds: contributor.agentIds }, { limit, offset: 0 });
    return { contributor, milestones, totalMilestones: total };
  }

  /**
   * The agent ids a filter names: a contributor's (by id, else by display name, case-insensitive),
   * else the filter itself taken as an agent id.
   */
  async resolveAgentIds(tenantId: string, filter: string): Promise<string[]> {
    const byId = await this.contributors.getContributor(tenantId, filter);
    if (byId) return byId.agentIds;
    const wanted = filter.trim().toLowerCase();
    const byName = (await this.contributors.listContributors(tenantId)).filter((c) => c.displayName.trim().toLowerCase() === wanted);
    if (byName.length > 0) return [...new Set(byName.flatMap((c) => c.agentIds))];
    return [filter];
  }
}
