// Projects of the Memory API: create, list, get, delete and roadmap updates.
import { segment, type RequestOptions, type Transport } from './transport.js';
import type { CreateProjectInput, Project } from './types.js';

export class Projects {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a project; it starts with a `main` branch. Throws ConflictError if the id exists.
   * @example
   * const project = await synapse.projects.create({ projectId: 'my-project', name: 'My Project', roadmap: 'Ship v1' });
   */
  create(input: CreateProjectInput, options?: RequestOptions): Promise<Project> {
    return this.transport.json({ method: 'POST', path: '/api/v1/memory/projects', body: input, options });
  }

  /**
   * Lists the tenant's projects.
   * @example
   * for (const p of await synapse.projects.list()) console.log(p.projectId, p.milestoneCount);
   */
  async list(options?: RequestOptions): Promise<Project[]> {
    const page = await this.transport.json<{ projects: Project[] }>({ method: 'GET', path: '/api/v1/memory/projects', options });
    return page.projects;
  }

  /**
   * Gets one project. Throws NotFoundError when it does not exist.
   * @example
   * const { roadmap } = await synapse.projects.get('my-project');
   */
  get(projectId: string, options?: RequestOptions): Promise<Project> {
    return this.transport.json({ method: 'GET', path: `/api/v1/memory/projects/${segment(projectId)}`, options });
  }

  /**
   * Deletes a project and everything under it (branches, milestones, log).
   * @example
   * await synapse.projects.delete('old-project');
   */
  async delete(projectId: string, options?: RequestOptions): Promise<void> {
    await this.transport.json({ method: 'DELETE', path: `/api/v1/memory/projects/${segment(projectId)}`, options });
  }

  /**
   * Replaces the project's roadmap (at most 10,000 characters).
   * @example
   * await synapse.projects.updateRoadmap('my-project', '1. auth\n2. rate limits\n3. memory');
   */
  updateRoadmap(projectId: string, roadmap: string, options?: RequestOptions): Promise<Project> {
    return this.transport.json({ method: 'PUT', path: `/api/v1/memory/projects/${segment(projectId)}/roadmap`, body: { roadmap }, options });
  }
}
