// Builds the memory API's services over the stores: one object the HTTP routes receive.
import type { CacheStore } from '../../stores/ports/cache-store.js';
import type { ContributorStore } from '../../stores/ports/contributor-store.js';
import type { MemoryStore } from '../../stores/ports/memory-store.js';
import type { SessionMetricsStore } from '../../stores/ports/session-metrics-store.js';
import type { Logger } from '../logger.js';
import type { RateLimiter } from '../../stores/ports/rate-limiter.js';
import { BranchService } from './branch-service.js';
import { ContributorService } from './contributor-service.js';
import { IntelligenceService } from './intelligence/intelligence-service.js';
import type { ChatAnswerer } from './intelligence/llm-answer.js';
import { QuestionAssessor } from './intelligence/question-assessment.js';
import { LogService } from './log-service.js';
import { MilestoneService } from './milestone-service.js';
import { ProjectService, type MemoryContext } from './project-service.js';
import { PromoteService } from './promote-service.js';
import { RecallService } from './recall-service.js';
import type { MilestoneSearch } from './search/milestone-search.js';
import { SessionMetricsService } from './session-metrics-service.js';

export interface MemoryServiceDependencies {
  memory: MemoryStore;
  contributors: ContributorStore;
  sessionMetrics: SessionMetricsStore;
  cache: CacheStore;
  search: MilestoneSearch;
  /** Writes buffered cache entries, so a promote finds an entry served moments ago. */
  flushCache: () => Promise<void>;
  /** Set when SYNAPSE_INTELLIGENCE_MODEL names a model. */
  answerer: ChatAnswerer | undefined;
  /** The model the answerer calls (SYNAPSE_INTELLIGENCE_MODEL), listed by GET /intelligence/models. */
  intelligenceModel: string | undefined;
  /** Counts promotions per project (10 a minute), shared across instances when it is Redis. */
  rateLimiter: RateLimiter;
  logger: Logger;
  now: () => number;
}

export interface MemoryServices {
  projects: ProjectService;
  branches: BranchService;
  milestones: MilestoneService;
  recall: RecallService;
  log: LogService;
  contributors: ContributorService;
  sessions: SessionMetricsService;
  promote: PromoteService;
  search: MilestoneSearch;
  intelligence: IntelligenceService;
  store: MemoryStore;
}

export function createMemoryServices(deps: MemoryServiceDependencies): MemoryServices {
  const ctx: MemoryContext = { store: deps.memory, search: deps.search, now: deps.now };
  const branches = new BranchService(ctx);
  const milestones = new MilestoneService(ctx);
  const contributors = new ContributorService(deps.contributors, deps.memory, deps.now);
  return {
    projects: new ProjectService(ctx),
    branches,
    milestones,
    recall: new RecallService(ctx, branches, milestones),
    log: new LogService(ctx),
    contributors,
    sessions: new SessionMetricsService(deps.sessionMetrics, deps.now),
    promote: new PromoteService(ctx, deps.cache, milestones, deps.flushCache, deps.rateLimiter),
    search: deps.search,
    intelligence: new IntelligenceService(new QuestionAssessor(deps.memory, deps.search, contributors, deps.now), deps.answerer, deps.logger, deps.intelligenceModel),
    store: deps.memory,
  };
}
