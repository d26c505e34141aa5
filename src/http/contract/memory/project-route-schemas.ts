// Route schemas of memory projects and what is written into them: projects, roadmap, store,
// recall, log and promote.
import { Type } from 'typebox';
import { pathParams } from '../../path-params.js';
import { errorResponses } from '../error-schemas.js';
import { CreateProjectBody, LogBody, PromoteBody, RecallQuery, RoadmapBody, StoreBody, StoreHeaders } from './memory-requests.js';
import { DeletedProjectShape, LogEntryShape, MilestoneShape, ProjectShape, PromoteResultShape, RecallShape } from './memory-shapes.js';

const tags = ['memory'];
const project = pathParams('projectId');

export const createProjectRoute = {
  operationId: 'createProject',
  summary: 'Create a project (with its main branch)',
  tags,
  body: CreateProjectBody,
  response: { 200: ProjectShape, ...errorResponses(403, 409) },
};

export const listProjectsRoute = {
  operationId: 'listProjects',
  summary: "List the tenant's projects",
  tags,
  response: { 200: Type.Object({ projects: Type.Array(ProjectShape) }), ...errorResponses() },
};

export const getProjectRoute = {
  operationId: 'getProject',
  summary: 'Get a project',
  tags,
  params: project,
  response: { 200: ProjectShape, ...errorResponses(404) },
};

export const deleteProjectRoute = {
  operationId: 'deleteProject',
  summary: 'Delete a project and everything in it',
  tags,
  params: project,
  response: { 200: DeletedProjectShape, ...errorResponses(403, 404) },
};

export const updateRoadmapRoute = {
  operationId: 'updateRoadmap',
  summary: "Replace a project's roadmap",
  tags,
  params: project,
  body: RoadmapBody,
  response: { 200: ProjectShape, ...errorResponses(403, 404) },
};

export const storeMilestoneRoute = {
  operationId: 'storeMilestone',
  summary: 'Store a milestone (COMMIT); identical content on the branch returns the stored one',
  description:
    'A branch that does not exist yet is created from main. A repeated Idempotency-Key returns the milestone first stored with it and the header `idempotent-replayed: true`.',
  tags,
  params: project,
  headers: StoreHeaders,
  body: StoreBody,
  response: { 200: MilestoneShape, ...errorResponses(403, 404, 409) },
};

export const recallRoute = {
  operationId: 'recall',
  summary: 'Recall (CONTEXT): overview, a branch, a milestone, the log, or a metadata segment',
  tags,
  params: project,
  querystring: RecallQuery,
  response: { 200: RecallShape, ...errorResponses(404) },
};

export const appendLogRoute = {
  operationId: 'appendLog',
  summary: "Append an observation, thought or action to a branch's log",
  tags,
  params: project,
  body: LogBody,
  response: { 200: LogEntryShape, ...errorResponses(403, 404, 409) },
};

export const promoteRoute = {
  operationId: 'promoteCacheEntry',
  summary: 'Promote a response-cache entry into long-term knowledge (a milestone)',
  description: 'At most 10 promotions per project per minute (429 beyond). Promoting the same entry again returns the same milestone.',
  tags,
  params: project,
  body: PromoteBody,
  response: { 200: PromoteResultShape, ...errorResponses(403, 404, 409) },
};
