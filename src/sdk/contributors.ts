// Contributors: people (or teams) and the agent ids that act for them, with their activity.
import { segment, type RequestOptions, type Transport } from './transport.js';
import type { Contributor, ContributorActivity, UpsertContributorInput } from './types.js';

const BASE = '/api/v1/memory/contributors';

export class Contributors {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates or replaces a contributor.
   * @example
   * await synapse.contributors.upsert({ contributorId: 'ada', displayName: 'Ada', agentIds: ['claude-ada'] });
   */
  upsert(input: UpsertContributorInput, options?: RequestOptions): Promise<Contributor> {
    return this.transport.json({ method: 'POST', path: BASE, body: input, options });
  }

  /**
   * Lists the tenant's contributors.
   * @example
   * const names = (await synapse.contributors.list()).map((c) => c.displayName);
   */
  async list(options?: RequestOptions): Promise<Contributor[]> {
    const result = await this.transport.json<{ contributors: Contributor[] } | Contributor[]>({ method: 'GET', path: BASE, options });
    return Array.isArray(result) ? result : result.contributors;
  }

  /**
   * Gets one contributor. Throws NotFoundError when unknown.
   * @example
   * const ada = await synapse.contributors.get('ada');
   */
  get(contributorId: string, options?: RequestOptions): Promise<Contributor> {
    return this.transport.json({ method: 'GET', path: `${BASE}/${segment(contributorId)}`, options });
  }

  /**
   * Deletes a contributor (their milestones stay).
   * @example
   * await synapse.contributors.delete('ada');
   */
  async delete(contributorId: string, options?: RequestOptions): Promise<void> {
    await this.transport.json({ method: 'DELETE', path: `${BASE}/${segment(contributorId)}`, options });
  }

  /**
   * The contributor's latest milestones across all projects, by their agent ids.
   * @example
   * const { totalMilestones } = await synapse.contributors.activity('ada', { limit: 10 });
   */
  activity(contributorId: string, query: { limit?: number } = {}, options?: RequestOptions): Promise<ContributorActivity> {
    return this.transport.json({ method: 'GET', path: `${BASE}/${segment(contributorId)}/activity`, query: { limit: query.limit }, options });
  }
}
