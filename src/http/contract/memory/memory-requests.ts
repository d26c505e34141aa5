// The memory API's request bodies, query strings and headers as TypeBox schemas, with every SPEC
// field limit, so a bad request is refused with a validation_error naming the field before any
// handler runs. The SDK's input types are derived from them (src/sdk/types.ts).
import { Type, type Static } from 'typebox';
import { DEFAULT_MERGE_AGENT } from '../../../domain/memory/branch-service.js';
import { TIME_RANGE_PATTERN } from '../../../domain/memory/intelligence/time-range.js';
import { METADATA_SEGMENTS, RECALL_VIEWS } from '../../../domain/memory/recall-service.js';
import { NOT_A_DOT_SEGMENT } from '../../path-params.js';
import { NOT_BLANK } from '../../validation.js';

const text = (minLength: number, maxLength: number, options: { default?: string; description?: string } = {}) =>
  Type.String({ minLength, maxLength, ...options });
const name = (options: { default?: string; description?: string } = {}) => text(1, 256, options);
/** An id that later appears in URL paths: within its limit and never a dot segment (`.`, `..`). */
const pathId = (maxLength: number, options: { default?: string; description?: string } = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: NOT_A_DOT_SEGMENT, ...options });
const count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const ISO_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

export const CreateProjectBody = Type.Object({
  projectId: pathId(128, { description: 'Unique in the tenant.' }),
  name: name(),
  roadmap: Type.Optional(text(0, 10_000, { default: '' })),
});
export type CreateProjectInput = Static<typeof CreateProjectBody>;

export const RoadmapBody = Type.Object({ roadmap: text(0, 10_000) });

export const StoreBody = Type.Object({
  branchName: Type.Optional(pathId(256, { default: 'main', description: 'A branch that does not exist yet is created from main.' })),
  branchPurpose: Type.Optional(text(0, 2_000, { default: '' })),
  cumulativeProgress: Type.Optional(text(0, 50_000, { default: '' })),
  thisContribution: text(1, 10_000, { description: 'What this step did.' }),
  agentId: name(),
  agentType: Type.Optional(text(1, 64, { default: 'custom' })),
});
export type StoreMilestoneInput = Static<typeof StoreBody>;

/** `Idempotency-Key` on a store (the IETF draft's header, as Stripe uses it): 1-255 printable ASCII characters. */
export const StoreHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$', description: 'A repeat returns the milestone first stored with this key.' }),
  ),
});

export const RecallQuery = Type.Object({
  view: Type.Optional(Type.Enum(RECALL_VIEWS, { default: 'overview' })),
  branch: Type.Optional(name({ description: 'Default main.' })),
  milestoneId: Type.Optional(text(1, 128, { description: 'Required for view=milestone.' })),
  segment: Type.Optional(Type.Enum(METADATA_SEGMENTS, { description: 'For view=metadata; default stats.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
export type RecallQuery = Static<typeof RecallQuery>;

export const LogBody = Type.Object({
  branchName: Type.Optional(pathId(256, { default: 'main' })),
  agentId: name(),
  phase: Type.Enum(['observation', 'thought', 'action']),
  content: text(1, 50_000),
});
export type LogInput = Static<typeof LogBody>;

export const CreateBranchBody = Type.Object({
  branchName: pathId(256),
  parentBranch: Type.Optional(name({ default: 'main' })),
  purpose: Type.Optional(text(0, 2_000, { default: '' })),
  agentId: Type.Optional(name()),
});
export type CreateBranchInput = Static<typeof CreateBranchBody>;

export const AbandonBody = Type.Object({ reason: Type.Optional(text(0, 2_000, { default: '' })) });

export const MergeBody = Type.Object({
  sourceBranch: name(),
  targetBranch: Type.Optional(name({ default: 'main' })),
  mergeSummary: Type.Optional(text(0, 50_000, { default: '' })),
  agentId: Type.Optional(name({ default: DEFAULT_MERGE_AGENT })),
});
export type MergeInput = Static<typeof MergeBody>;

/** Search text: never stored (any character), but not blank. */
const queryText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: NOT_BLANK });
const projectIds = Type.Array(pathId(128), { maxItems: 100 });

/** The defaults of the search and activity limits (the schemas fill them in; the handlers read them). */
export const PROJECT_SEARCH_LIMIT = 20;
export const SEARCH_LIMIT = 50;
export const ACTIVITY_LIMIT = 50;

export const ProjectSearchBody = Type.Object({
  query: queryText(500),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: PROJECT_SEARCH_LIMIT })),
});

export const SearchBody = Type.Object({
  query: queryText(500),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: SEARCH_LIMIT })),
  projectIds: Type.Optional(projectIds),
});
export type SearchInput = Static<typeof SearchBody>;

export const IntelligenceBody = Type.Object({
  question: queryText(2_000),
  projectIds: Type.Optional(projectIds),
  contributorFilter: Type.Optional(name({ description: 'A contributor id or display name, else an agent id.' })),
  timeRange: Type.Optional(Type.String({ pattern: TIME_RANGE_PATTERN, default: '30d', description: '`all` or `Nh`, `Nd`, `Nw`.' })),
  contextLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type IntelligenceQuery = Static<typeof IntelligenceBody>;

export const ContributorBody = Type.Object({
  contributorId: pathId(128),
  displayName: name(),
  agentIds: Type.Optional(Type.Array(name(), { maxItems: 100, default: [] })),
  role: Type.Optional(Type.Union([text(0, 256), Type.Null()])),
});
export type UpsertContributorInput = Static<typeof ContributorBody>;

export const ActivityQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: ACTIVITY_LIMIT })) });

export const MetricsBody = Type.Object({
  sessionId: text(1, 128),
  agentId: name(),
  milestonesRecalled: count,
  toolCallsTotal: count,
  sessionDurationSecs: Type.Number({ minimum: 0, maximum: 31_536_000 }),
  startedAt: Type.String({ pattern: ISO_TIME, maxLength: 64 }),
  endedAt: Type.String({ pattern: ISO_TIME, maxLength: 64 }),
  branchName: Type.Optional(name()),
  agentType: Type.Optional(text(1, 64)),
  compactionCount: Type.Optional(count),
  toolCallsRead: Type.Optional(count),
  toolCallsSearch: Type.Optional(count),
  toolCallsEdit: Type.Optional(count),
  toolCallsExecute: Type.Optional(count),
  toolCallsAgent: Type.Optional(count),
  milestonesStored: Type.Optional(count),
  filesModified: Type.Optional(count),
  errorsEncountered: Type.Optional(count),
  tokensUsed: Type.Optional(count),
  userCorrections: Type.Optional(count),
});
export type SessionMetricsInput = Static<typeof MetricsBody>;

export const PromoteBody = Type.Object({
  cacheKey: text(1, 128, { description: 'The id of the response-cache entry to promote.' }),
  reuseScore: Type.Number({ minimum: 0, maximum: 1, description: 'How reusable the answer is judged, 0-1.' }),
  summary: text(1, 10_000, { description: "The knowledge, in a few words; the first line of the milestone's cumulativeProgress." }),
  l2Collection: text(1, 256, { description: "The semantic collection the entry came from (kept in the milestone's progress)." }),
  summaryEmbedding: Type.Optional(Type.Array(Type.Number(), { maxItems: 8_192, description: 'Accepted for compatibility; the gateway embeds the text itself.' })),
  blobKey: Type.Optional(text(1, 1_024)),
  branchName: Type.Optional(name()),
  agentId: Type.Optional(name()),
});
export type PromoteInput = Static<typeof PromoteBody>;
