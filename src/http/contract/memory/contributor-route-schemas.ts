// Route schemas of contributors (upsert, list, get, delete, activity) and session metrics.
import { Type } from 'typebox';
import { pathParams } from '../../path-params.js';
import { errorResponses } from '../error-schemas.js';
import { ActivityQuery, ContributorBody, MetricsBody } from './memory-requests.js';
import { ContributorActivityShape, ContributorShape, DeletedContributorShape } from './memory-shapes.js';
import { RecordedSessionShape, SessionSummaryShape } from './session-metrics-shapes.js';

const tags = ['memory'];
const contributor = pathParams('contributorId');

export const upsertContributorRoute = {
  operationId: 'upsertContributor',
  summary: 'Create or replace a contributor (a person or team and the agent ids acting for them)',
  tags,
  body: ContributorBody,
  response: { 200: ContributorShape, ...errorResponses(403) },
};

export const listContributorsRoute = {
  operationId: 'listContributors',
  summary: "List the tenant's contributors",
  tags,
  response: { 200: Type.Object({ contributors: Type.Array(ContributorShape) }), ...errorResponses() },
};

export const getContributorRoute = {
  operationId: 'getContributor',
  summary: 'Get a contributor',
  tags,
  params: contributor,
  response: { 200: ContributorShape, ...errorResponses(404) },
};

export const deleteContributorRoute = {
  operationId: 'deleteContributor',
  summary: 'Delete a contributor (their milestones stay)',
  tags,
  params: contributor,
  response: { 200: DeletedContributorShape, ...errorResponses(403, 404) },
};

export const contributorActivityRoute = {
  operationId: 'getContributorActivity',
  summary: "A contributor's latest milestones across all projects",
  tags,
  params: contributor,
  querystring: ActivityQuery,
  response: { 200: ContributorActivityShape, ...errorResponses(404) },
};

export const recordSessionRoute = {
  operationId: 'recordSessionMetrics',
  summary: "Record an agent session's metrics (a repeated sessionId replaces it)",
  tags,
  params: pathParams('projectId'),
  body: MetricsBody,
  response: { 200: RecordedSessionShape, ...errorResponses(403, 404) },
};

export const sessionSummaryRoute = {
  operationId: 'getSessionMetricsSummary',
  summary: 'Sessions with memory compared with sessions without',
  tags,
  params: pathParams('projectId'),
  response: { 200: SessionSummaryShape, ...errorResponses(404) },
};
