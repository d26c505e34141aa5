// Memory branches (create from a parent, list, get, abandon) and merge.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MergeInput } from '../../../domain/memory/branch-service.js';
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import { branchView } from './memory-views.js';
import { MEMORY_PREFIX, projectIdOf, readAccess, tenantOf, writeAccess } from './memory-access.js';
import { abandonBody, createBranchBody, mergeBody } from './memory-schemas.js';

const PROJECT = `${MEMORY_PREFIX}/projects/:projectId`;

export function registerBranchRoutes(app: FastifyInstance, memory: MemoryServices): void {
  app.post(`${PROJECT}/branches`, { ...writeAccess, schema: { body: createBranchBody } }, async (request, reply) => {
    const input = request.body as { branchName: string; parentBranch: string; purpose: string; agentId?: string };
    const branch = await memory.branches.createBranch(tenantOf(request), projectIdOf(request), input);
    return reply.code(201).send(branchView(branch));
  });

  app.get(`${PROJECT}/branches`, readAccess, async (request) => {
    const branches = await memory.branches.listBranches(tenantOf(request), projectIdOf(request));
    return { branches: branches.map(branchView) };
  });

  app.get(`${PROJECT}/branches/:branchName`, readAccess, async (request) => {
    const { branchName } = request.params as { branchName: string };
    return branchView(await memory.branches.getBranch(tenantOf(request), projectIdOf(request), branchName));
  });

  // The reason is optional, so a bare POST without a body is accepted too.
  const emptyBodyAllowed = async (request: FastifyRequest) => {
    request.body ??= {};
  };
  app.post(
    `${PROJECT}/branches/:branchName/abandon`,
    { ...writeAccess, preValidation: emptyBodyAllowed, schema: { body: abandonBody } },
    async (request) => {
    const { branchName } = request.params as { branchName: string };
    const { reason } = (request.body ?? {}) as { reason?: string };
      return branchView(await memory.branches.abandonBranch(tenantOf(request), projectIdOf(request), branchName, reason ?? ''));
    },
  );

  app.post(`${PROJECT}/merge`, { ...writeAccess, schema: { body: mergeBody } }, async (request) => {
    const { mergeMilestone: _, ...result } = await memory.branches.merge(tenantOf(request), projectIdOf(request), request.body as MergeInput);
    return result;
  });
}
