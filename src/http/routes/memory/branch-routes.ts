// Memory branches (create from a parent, list, get, abandon) and merge.
import type { FastifyRequest } from 'fastify';
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { branchView } from './memory-views.js';
import { abandonBranchRoute, createBranchRoute, getBranchRoute, listBranchesRoute, mergeRoute } from '../../contract/memory/branch-route-schemas.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { MEMORY_PREFIX, readAccess, tenantOf, writeAccess } from './memory-access.js';

const PROJECT = `${MEMORY_PREFIX}/projects/:projectId`;

export function registerBranchRoutes(app: SynapseApp, memory: MemoryServices): void {
  app.post(`${PROJECT}/branches`, { ...writeAccess, schema: createBranchRoute }, async (request) => {
    return branchView(await memory.branches.createBranch(tenantOf(request), request.params.projectId, request.body));
  });

  app.get(`${PROJECT}/branches`, { ...readAccess, schema: listBranchesRoute }, async (request) => {
    const branches = await memory.branches.listBranches(tenantOf(request), request.params.projectId);
    return { branches: branches.map(branchView) };
  });

  app.get(`${PROJECT}/branches/:branchName`, { ...readAccess, schema: getBranchRoute }, async (request) => {
    const { projectId, branchName } = request.params;
    return branchView(await memory.branches.getBranch(tenantOf(request), projectId, branchName));
  });

  // The reason is optional, so a bare POST without a body is accepted too.
  const emptyBodyAllowed = async (request: FastifyRequest) => {
    request.body ??= {};
  };
  app.post(
    `${PROJECT}/branches/:branchName/abandon`,
    { ...writeAccess, preValidation: emptyBodyAllowed, schema: abandonBranchRoute },
    async (request) => {
      const { projectId, branchName } = request.params;
      return branchView(await memory.branches.abandonBranch(tenantOf(request), projectId, branchName, request.body.reason ?? ''));
    },
  );

  app.post(`${PROJECT}/merge`, { ...writeAccess, schema: mergeRoute }, async (request) => {
    const { mergeMilestone: _, ...result } = await memory.branches.merge(tenantOf(request), request.params.projectId, request.body);
    return result;
  });
}
