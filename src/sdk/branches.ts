// Branches of a project: create from a parent, list, get and abandon (merging is Synapse.merge).
import { segment, type RequestOptions, type Transport } from './transport.js';
import type { Branch, CreateBranchInput } from './types.js';

export class Branches {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a branch from `parentBranch` (default `main`).
   * @example
   * await synapse.branches.create('my-project', { branchName: 'feature/auth', purpose: 'Add OAuth login', agentId: 'claude-1' });
   */
  create(projectId: string, input: CreateBranchInput, options?: RequestOptions): Promise<Branch> {
    return this.transport.json({ method: 'POST', path: `${base(projectId)}/branches`, body: input, options });
  }

  /**
   * Lists the project's branches, whatever their status.
   * @example
   * const open = (await synapse.branches.list('my-project')).filter((b) => b.status === 'active');
   */
  async list(projectId: string, options?: RequestOptions): Promise<Branch[]> {
    const result = await this.transport.json<{ branches: Branch[] } | Branch[]>({ method: 'GET', path: `${base(projectId)}/branches`, options });
    return Array.isArray(result) ? result : result.branches;
  }

  /**
   * Gets one branch. Throws NotFoundError when it does not exist.
   * @example
   * const { status } = await synapse.branches.get('my-project', 'feature/auth');
   */
  get(projectId: string, branchName: string, options?: RequestOptions): Promise<Branch> {
    return this.transport.json({ method: 'GET', path: `${base(projectId)}/branches/${segment(branchName)}`, options });
  }

  /**
   * Abandons a branch; it then refuses new milestones.
   * @example
   * await synapse.branches.abandon('my-project', 'spike/graphql', 'REST is enough');
   */
  abandon(projectId: string, branchName: string, reason: string, options?: RequestOptions): Promise<Branch> {
    return this.transport.json({ method: 'POST', path: `${base(projectId)}/branches/${segment(branchName)}/abandon`, body: { reason }, options });
  }
}

function base(projectId: string): string {
  return `/api/v1/memory/projects/${segment(projectId)}`;
}
