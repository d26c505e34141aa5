// The `Synapse` client: configuration, authentication and the Memory API's project-level verbs
// (store, recall, log, merge, search, ask, promote), with the resource groups hung off it.
import { Branches } from './branches.js';
import { Chat } from './chat.js';
import { Contributors } from './contributors.js';
import { readEnvDefaults } from './env-options.js';
import { SynapseConfigError } from './errors.js';
import { Intelligence } from './intelligence.js';
import { Projects } from './projects.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-delay.js';
import { SessionMetrics } from './session-metrics.js';
import type { TokenCache } from './token-cache.js';
import { TokenSource, type TokenGrant } from './token-source.js';
import { Transport, segment, type FetchLike, type RequestOptions } from './transport.js';
import type {
  IntelligenceAnswer,
  IntelligenceQuery,
  LogEntry,
  LogInput,
  MergeInput,
  MergeResult,
  Milestone,
  PromoteInput,
  PromoteResult,
  RecallQuery,
  RecallResponse,
  SearchInput,
  SearchResponse,
  StoreMilestoneInput,
} from './types.js';

export interface SynapseOptions {
  /** The gateway's base URL; default `SYNAPSE_GATEWAY_URL`, else http://localhost:8080. */
  baseUrl?: string;
  /** An API key (`sk-syn-...`), exchanged for a JWT that is renewed before it expires; default `SYNAPSE_API_KEY`. */
  apiKey?: string;
  /** A JWT (or raw key) used as is; default `SYNAPSE_TOKEN`. With `apiKey` too, replaced once it nears expiry. */
  token?: string;
  /** Per-attempt timeout in milliseconds (default 60,000). */
  timeoutMs?: number;
  /** Retries of a retryable failure (default 3). */
  maxRetries?: number;
  /** Fine-tuning of the backoff. */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Headers sent on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default the global fetch), e.g. to add tracing or for tests. */
  fetch?: FetchLike;
  /** Where env defaults are read from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Clock used for token renewal (default Date.now). */
  now?: () => number;
  /** Waits between retries (default a timer); injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Keeps the exchanged token between processes (default: this client only), e.g.
   * `new FileTokenCache(dir)`, which the CLI, hooks and MCP server use.
   */
  tokenCache?: TokenCache;
}

/**
 * A client for a Synapse gateway's Memory API.
 * @example
 * import { Synapse } from 'synapse-gateway/sdk';
 * const synapse = new Synapse({ baseUrl: 'http://localhost:8080', apiKey: process.env.SYNAPSE_API_KEY });
 * await synapse.store('my-project', { thisContribution: 'Added rate limiting', agentId: 'me' });
 */
export class Synapse {
  readonly baseUrl: string;
  readonly projects: Projects;
  readonly branches: Branches;
  readonly contributors: Contributors;
  readonly metrics: SessionMetrics;
  readonly intelligence: Intelligence;
  readonly chat: Chat;
  private readonly transport: Transport;

  constructor(options: SynapseOptions = {}) {
    const env = readEnvDefaults(options.env);
    this.baseUrl = options.baseUrl ?? env.baseUrl;
    if (!/^https?:\/\//.test(this.baseUrl)) throw new SynapseConfigError(`baseUrl must be an http(s) URL, got '${this.baseUrl}'`);
    const apiKey = options.apiKey ?? (options.token ? undefined : env.apiKey);
    const token = options.token ?? (options.apiKey ? undefined : env.token);
    if (!apiKey && !token) {
      throw new SynapseConfigError('no credentials: pass apiKey or token, or set SYNAPSE_API_KEY or SYNAPSE_TOKEN');
    }
    const tokens = new TokenSource({
      apiKey,
      token,
      now: options.now ?? Date.now,
      exchange: (key) => this.exchangeKey(key),
      cache: options.tokenCache && { store: options.tokenCache, baseUrl: this.baseUrl },
    });
    this.transport = new Transport({
      baseUrl: this.baseUrl,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      tokens,
      timeoutMs: options.timeoutMs ?? 60_000,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry, maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries },
      headers: options.headers ?? {},
      sleep: options.sleep ?? sleep,
      random: Math.random,
    });
    this.projects = new Projects(this.transport);
    this.branches = new Branches(this.transport);
    this.contributors = new Contributors(this.transport);
    this.metrics = new SessionMetrics(this.transport);
    this.intelligence = new Intelligence(this.transport);
    this.chat = new Chat(this.transport);
  }

  /**
   * Stores a milestone (COMMIT). Identical content on the branch returns the existing milestone.
   * Sends an `Idempotency-Key` (`options.idempotencyKey`, else a new UUID per call), so a retry
   * after a lost answer returns the milestone stored the first time instead of adding another.
   * @example
   * const m = await synapse.store('my-project', {
   *   branchName: 'main', branchPurpose: 'Core features', cumulativeProgress: 'Auth done',
   *   thisContribution: 'Implemented rate limiting middleware', agentId: 'claude-1',
   * });
   * console.log(m.sequenceNumber);
   */
  store(projectId: string, input: StoreMilestoneInput, options?: RequestOptions): Promise<Milestone> {
    const idempotencyKey = options?.idempotencyKey ?? globalThis.crypto.randomUUID();
    return this.transport.json({ method: 'POST', path: `${projectPath(projectId)}/store`, body: input, options: { ...options, idempotencyKey } });
  }

  /**
   * Recalls context (CONTEXT) in one of five views: overview, branch, milestone, log, metadata.
   * @example
   * const context = await synapse.recall('my-project', { view: 'branch', branch: 'main', limit: 5 });
   * for (const m of context.milestones ?? []) console.log(m.sequenceNumber, m.thisContribution);
   */
  recall(projectId: string, query: RecallQuery = {}, options?: RequestOptions): Promise<RecallResponse> {
    return this.transport.json({ method: 'GET', path: `${projectPath(projectId)}/recall`, query: { ...query }, options });
  }

  /**
   * Appends an entry to the branch's observation/thought/action log.
   * @example
   * await synapse.log('my-project', { agentId: 'claude-1', phase: 'thought', content: 'The flaky test is a race' });
   */
  log(projectId: string, input: LogInput, options?: RequestOptions): Promise<LogEntry> {
    return this.transport.json({ method: 'POST', path: `${projectPath(projectId)}/log`, body: input, options });
  }

  /**
   * Merges a branch into `targetBranch` (default `main`) with one summarising milestone.
   * @example
   * const { mergeMilestoneId } = await synapse.merge('my-project', { sourceBranch: 'feature/auth', mergeSummary: 'OAuth login', agentId: 'claude-1' });
   */
  merge(projectId: string, input: MergeInput, options?: RequestOptions): Promise<MergeResult> {
    return this.transport.json({ method: 'POST', path: `${projectPath(projectId)}/merge`, body: input, options });
  }

  /**
   * Searches milestones by meaning and words, in one project (`projectId`) or across the tenant.
   * @example
   * const { milestones } = await synapse.search({ query: 'authentication implementation', limit: 10 });
   */
  search(input: SearchInput, options?: RequestOptions): Promise<SearchResponse> {
    const { projectId, ...body } = input;
    const path = projectId === undefined ? '/api/v1/memory/search' : `${projectPath(projectId)}/search`;
    return this.transport.json({ method: 'POST', path, body, options });
  }

  /**
   * Asks a question of the team's memory (the intelligence query); same as `intelligence.query`.
   * @example
   * const { answer } = await synapse.ask({ question: 'What did the team work on this week?', timeRange: '7d' });
   */
  ask(input: IntelligenceQuery, options?: RequestOptions): Promise<IntelligenceAnswer> {
    return this.intelligence.query(input, options);
  }

  /**
   * Turns a response-cache entry into a milestone that search and intelligence can find.
   * @example
   * await synapse.promote('my-project', { cacheKey: 'ce-123', reuseScore: 0.9, summary: 'How we retry uploads', l2Collection: 'default' });
   */
  promote(projectId: string, input: PromoteInput, options?: RequestOptions): Promise<PromoteResult> {
    return this.transport.json({ method: 'POST', path: `${projectPath(projectId)}/promote`, body: input, options });
  }

  private exchangeKey(apiKey: string): Promise<TokenGrant> {
    // One attempt: the call that needs the token retries it, and a 429 is answered by using the key itself.
    return this.transport.json({ method: 'POST', path: '/api/v1/auth/token', body: { api_key: apiKey }, auth: false, options: { maxRetries: 0 } });
  }
}

function projectPath(projectId: string): string {
  return `/api/v1/memory/projects/${segment(projectId)}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
