// The memory API under /api/v1/memory (SPEC section 3): projects, branches, search and
// intelligence, contributors and session metrics. Handlers are thin; the logic is in
// src/domain/memory/; the wire shapes are in src/http/contract/memory/.
import type { MemoryServices } from '../../../domain/memory/memory-services.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { registerBranchRoutes } from './branch-routes.js';
import { registerContributorRoutes } from './contributor-routes.js';
import { registerProjectRoutes } from './project-routes.js';
import { registerSearchRoutes } from './search-routes.js';

export function registerMemoryRoutes(app: SynapseApp, memory: MemoryServices): void {
  registerProjectRoutes(app, memory);
  registerBranchRoutes(app, memory);
  registerSearchRoutes(app, memory);
  registerContributorRoutes(app, memory);
}
