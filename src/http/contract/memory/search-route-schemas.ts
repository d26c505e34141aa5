// Route schemas of memory search (one project, across projects) and the intelligence query (JSON,
// SSE stream, and the models it can answer with).
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { pathParams } from '../../path-params.js';
import { errorResponses } from '../error-schemas.js';
import { IntelligenceBody, ProjectSearchBody, SearchBody } from './memory-requests.js';
import { IntelligenceAnswerShape, IntelligenceModelsShape, SearchResultShape } from './memory-shapes.js';

const tags = ['memory'];

export const projectSearchRoute = {
  operationId: 'searchProject',
  summary: "Search a project's milestones by meaning and by words",
  tags,
  params: pathParams('projectId'),
  body: ProjectSearchBody,
  response: { 200: SearchResultShape, ...errorResponses(404) },
};

export const searchRoute = {
  operationId: 'searchMemory',
  summary: "Search milestones across the tenant's projects",
  tags,
  body: SearchBody,
  response: { 200: SearchResultShape, ...errorResponses() },
};

export const intelligenceRoute = {
  operationId: 'queryIntelligence',
  summary: "Answer a question from the tenant's milestones, citing them",
  tags,
  body: IntelligenceBody,
  response: { 200: IntelligenceAnswerShape, ...errorResponses() },
};

export const intelligenceStreamRoute = {
  operationId: 'streamIntelligence',
  summary: 'The intelligence answer as server-sent events',
  description:
    'Events: `sources` (question, projectsSearched, answerKind, sources), `answer` ({delta}) per sentence, `done` (the full answer as POST /intelligence/query returns it), then `data: [DONE]`. Every failure is a JSON error before the first event.',
  tags,
  body: IntelligenceBody,
  response: {
    // Sent as a stream of text, never re-serialized: documented as a string.
    200: { description: 'Server-sent events', content: { 'text/event-stream': { schema: Type.Unsafe<Readable>(Type.String()) } } },
    ...errorResponses(),
  },
};

export const intelligenceModelsRoute = {
  operationId: 'listIntelligenceModels',
  summary: 'The models intelligence queries can answer with',
  tags,
  response: { 200: IntelligenceModelsShape, ...errorResponses() },
};
