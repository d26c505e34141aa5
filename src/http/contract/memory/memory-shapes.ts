// The memory API's response shapes (projects, milestones, branches, log entries, contributors,
// searches, intelligence answers, session metrics), as TypeBox schemas: the server serializes with
// them and the SDK's types are derived from them (src/sdk/types.ts), so both read one definition.
import { Type, type Static } from 'typebox';

const timestamp = (description: string) => Type.String({ description: `${description} (ISO 8601, UTC, milliseconds).` });

export const ProjectShape = Type.Object({
  projectId: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  roadmap: Type.String(),
  milestoneCount: Type.Integer(),
  activeBranches: Type.Array(Type.String(), { description: 'Names of the branches still open.' }),
  createdAt: timestamp('When the project was created'),
  updatedAt: timestamp('When the project or its roadmap last changed'),
});
export type Project = Static<typeof ProjectShape>;

const milestoneFields = {
  milestoneId: Type.String(),
  projectId: Type.String(),
  branchName: Type.String(),
  branchPurpose: Type.String(),
  cumulativeProgress: Type.String(),
  thisContribution: Type.String(),
  contentHash: Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'A hash of branchPurpose, cumulativeProgress and thisContribution (the first 52 bits of their SHA-256): equal content on a branch is stored once.',
  }),
  sequenceNumber: Type.Integer({ minimum: 1, description: '1, 2, 3... per branch, without gaps.' }),
  agentId: Type.String(),
  agentType: Type.String(),
  kind: Type.Union([Type.Literal('commit'), Type.Literal('merge'), Type.Literal('promote')], {
    description: 'commit: stored by an agent; merge: written by a merge; promote: promoted from the response cache.',
  }),
  createdAt: timestamp('When it was stored'),
};

export const MilestoneShape = Type.Object(milestoneFields);
export type Milestone = Static<typeof MilestoneShape>;

/** A search hit: a milestone and its relevance. */
export const FoundMilestoneShape = Type.Object({
  ...milestoneFields,
  score: Type.Number({ description: 'Relevance, 0-1 (six decimals), best first.' }),
});

export const BranchShape = Type.Object({
  projectId: Type.String(),
  branchName: Type.String(),
  parentBranch: Type.Union([Type.String(), Type.Null()], { description: 'Null only for main.' }),
  purpose: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('merged'), Type.Literal('abandoned')]),
  agentId: Type.Union([Type.String(), Type.Null()], { description: '`system` for main; null for a branch created without one.' }),
  createdAt: timestamp('When the branch was created'),
  abandonReason: Type.Union([Type.String(), Type.Null()]),
  mergedInto: Type.Union([Type.String(), Type.Null()], { description: 'The branch it was merged into, once merged.' }),
});
export type Branch = Static<typeof BranchShape>;

export const LogEntryShape = Type.Object({
  entryId: Type.String(),
  projectId: Type.String(),
  branchName: Type.String(),
  agentId: Type.String(),
  phase: Type.Union([Type.Literal('observation'), Type.Literal('thought'), Type.Literal('action')]),
  sequenceNumber: Type.Integer({ minimum: 1 }),
  content: Type.Optional(Type.String({ description: 'In recall (view=log); not echoed by POST /log.' })),
  createdAt: timestamp('When it was appended'),
});
export type LogEntry = Static<typeof LogEntryShape>;

export const DeletedProjectShape = Type.Object({
  deleted: Type.Literal(true),
  projectId: Type.String(),
  milestonesDeleted: Type.Integer({ minimum: 0 }),
});

export const RecallShape = Type.Object({
  project: ProjectShape,
  view: Type.Union([Type.Literal('overview'), Type.Literal('branch'), Type.Literal('milestone'), Type.Literal('log'), Type.Literal('metadata')]),
  branches: Type.Optional(Type.Array(BranchShape)),
  milestones: Type.Optional(Type.Array(MilestoneShape)),
  logEntries: Type.Optional(Type.Array(LogEntryShape)),
  metadata: Type.Optional(
    Type.Object(
      { segment: Type.Union([Type.Literal('roadmap'), Type.Literal('branches'), Type.Literal('stats'), Type.Literal('agents')]) },
      { additionalProperties: true, description: "view=metadata: the segment's data (roadmap; count; milestone, log and branch counts; agents)." },
    ),
  ),
});
export type RecallResponse = Static<typeof RecallShape>;

export const MergeResultShape = Type.Object({
  merged: Type.Literal(true),
  milestonesMerged: Type.Integer({ minimum: 0 }),
  mergeMilestoneId: Type.String(),
  sourceBranchStatus: Type.Literal('merged'),
});
export type MergeResult = Static<typeof MergeResultShape>;

export const PromoteResultShape = Type.Object({
  promoted: Type.Literal(true),
  knowledgeId: Type.String({ description: 'The id of the milestone that holds the promoted knowledge (= milestoneId).' }),
  reuseScore: Type.Number({ minimum: 0, maximum: 1 }),
  ...milestoneFields,
  promotedFrom: Type.String({ description: 'The cache entry id promoted (= cacheKey).' }),
});
export type PromoteResult = Static<typeof PromoteResultShape>;

export const SearchResultShape = Type.Object({
  milestones: Type.Array(FoundMilestoneShape),
  query: Type.String(),
  count: Type.Integer({ minimum: 0 }),
});
export type SearchResponse = Static<typeof SearchResultShape>;

export const IntelligenceSourceShape = Type.Object({
  milestoneId: Type.String(),
  projectId: Type.String(),
  branchName: Type.String(),
  excerpt: Type.String({ description: 'Verbatim text from the milestone.' }),
  createdAt: Type.String(),
});
export type IntelligenceSource = Static<typeof IntelligenceSourceShape>;

export const IntelligenceAnswerShape = Type.Object({
  answer: Type.String(),
  sources: Type.Array(IntelligenceSourceShape),
  question: Type.String(),
  projectsSearched: Type.Array(Type.String()),
  answerKind: Type.Union([Type.Literal('specific'), Type.Literal('digest'), Type.Literal('no_match')], {
    description: 'specific: from the milestones matching the question, best first; digest: the window by project and branch; no_match: nothing in the window matches.',
  }),
  answeredBy: Type.Union([Type.Literal('llm'), Type.Literal('extractive')], { description: 'Who wrote the answer.' }),
  timeRange: Type.Object({ since: Type.Union([Type.String(), Type.Null()]), until: Type.String() }),
});
export type IntelligenceAnswer = Static<typeof IntelligenceAnswerShape>;

export const IntelligenceModelsShape = Type.Object({
  models: Type.Array(
    Type.Object({
      id: Type.String({ description: '`extractive`, or the model name of the configured LLM (SYNAPSE_INTELLIGENCE_MODEL).' }),
      kind: Type.Union([Type.Literal('llm'), Type.Literal('extractive')]),
      default: Type.Boolean({ description: 'The one intelligence queries use (the LLM when configured; extractive is its fallback).' }),
      description: Type.String(),
    }),
  ),
});
export type IntelligenceModels = Static<typeof IntelligenceModelsShape>;

export const ContributorShape = Type.Object({
  contributorId: Type.String(),
  tenantId: Type.String(),
  displayName: Type.String(),
  agentIds: Type.Array(Type.String()),
  role: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Contributor = Static<typeof ContributorShape>;

export const DeletedContributorShape = Type.Object({ deleted: Type.Literal(true), contributorId: Type.String() });

export const ContributorActivityShape = Type.Object({
  contributor: ContributorShape,
  milestones: Type.Array(MilestoneShape),
  totalMilestones: Type.Integer({ minimum: 0 }),
});
export type ContributorActivity = Static<typeof ContributorActivityShape>;
