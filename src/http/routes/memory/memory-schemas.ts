// JSON schemas of the memory API's bodies and query strings, with every SPEC field limit, so a
// bad request is refused with a validation_error naming the field before any handler runs.
import { METADATA_SEGMENTS, RECALL_VIEWS } from '../../../domain/memory/recall-service.js';
import { TIME_RANGE_PATTERN } from '../../../domain/memory/intelligence/time-range.js';
import { SESSION_COUNTERS } from '../../../stores/ports/session-metrics-store.js';
import { pathIdSchema } from '../../path-params.js';

const text = (minLength: number, maxLength: number) => ({ type: 'string', minLength, maxLength }) as const;
const name = text(1, 256);
// Ids that later appear in URL paths: within their limit and never a dot segment (`.`, `..`).
const projectId = pathIdSchema(128);
const branchName = pathIdSchema(256);
const count = { type: 'integer', minimum: 0, maximum: 1_000_000_000 } as const;
const ISO_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

const body = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', properties, required }) as const;

export const createProjectBody = body({ projectId, name, roadmap: { ...text(0, 10_000), default: '' } }, ['projectId', 'name']);
export const roadmapBody = body({ roadmap: text(0, 10_000) }, ['roadmap']);

export const storeBody = body(
  {
    branchName: { ...branchName, default: 'main' },
    branchPurpose: { ...text(0, 2_000), default: '' },
    cumulativeProgress: { ...text(0, 50_000), default: '' },
    thisContribution: text(1, 10_000),
    agentId: name,
    agentType: { ...text(1, 64), default: 'custom' },
  },
  ['thisContribution', 'agentId'],
);

/** `Idempotency-Key` on a store (the IETF draft's header, as Stripe uses it): 1-255 printable ASCII characters. */
export const storeHeaders = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' } },
} as const;

export const recallQuery = {
  type: 'object',
  properties: {
    view: { type: 'string', enum: [...RECALL_VIEWS], default: 'overview' },
    branch: name,
    milestoneId: text(1, 128),
    segment: { type: 'string', enum: [...METADATA_SEGMENTS] },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

export const logBody = body(
  {
    branchName: { ...branchName, default: 'main' },
    agentId: name,
    phase: { type: 'string', enum: ['observation', 'thought', 'action'] },
    content: text(1, 50_000),
  },
  ['agentId', 'phase', 'content'],
);

export const createBranchBody = body(
  { branchName, parentBranch: { ...name, default: 'main' }, purpose: { ...text(0, 2_000), default: '' }, agentId: name },
  ['branchName'],
);

export const abandonBody = body({ reason: { ...text(0, 2_000), default: '' } });

export const mergeBody = body(
  { sourceBranch: name, targetBranch: { ...name, default: 'main' }, mergeSummary: { ...text(0, 10_000), default: '' }, agentId: { ...name, default: 'synapse' } },
  ['sourceBranch'],
);

export const projectSearchBody = body({ query: text(1, 500), limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }, ['query']);

const projectIds = { type: 'array', items: projectId, maxItems: 100 } as const;

export const searchBody = body(
  { query: text(1, 500), limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, projectIds },
  ['query'],
);

export const intelligenceBody = body(
  {
    question: text(1, 2_000),
    projectIds,
    contributorFilter: name,
    timeRange: { type: 'string', pattern: TIME_RANGE_PATTERN, default: '30d' },
    contextLimit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
  ['question'],
);

export const contributorBody = body(
  {
    contributorId: pathIdSchema(128),
    displayName: name,
    agentIds: { type: 'array', items: name, maxItems: 100 },
    role: { anyOf: [text(0, 64), { type: 'null' }] },
  },
  ['contributorId', 'displayName', 'agentIds'],
);

export const activityQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
} as const;

export const metricsBody = body(
  {
    sessionId: text(1, 128),
    agentId: name,
    milestonesRecalled: count,
    toolCallsTotal: count,
    sessionDurationSecs: { type: 'number', minimum: 0, maximum: 31_536_000 },
    startedAt: { type: 'string', pattern: ISO_TIME, maxLength: 64 },
    endedAt: { type: 'string', pattern: ISO_TIME, maxLength: 64 },
    ...Object.fromEntries(SESSION_COUNTERS.map((counter) => [counter, count])),
  },
  ['sessionId', 'agentId', 'milestonesRecalled', 'toolCallsTotal', 'sessionDurationSecs', 'startedAt', 'endedAt'],
);

export const promoteBody = body(
  { cacheEntryId: text(1, 128), branchName: name, branchPurpose: text(0, 2_000), agentId: name },
  ['cacheEntryId'],
);
