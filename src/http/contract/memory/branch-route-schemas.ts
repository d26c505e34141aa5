// Route schemas of memory branches: create, list, get, abandon, and merge.
import { Type } from 'typebox';
import { pathParams } from '../../path-params.js';
import { errorResponses } from '../error-schemas.js';
import { AbandonBody, CreateBranchBody, MergeBody } from './memory-requests.js';
import { BranchShape, MergeResultShape } from './memory-shapes.js';

const tags = ['memory'];

export const createBranchRoute = {
  operationId: 'createBranch',
  summary: 'Create a branch from a parent (default main)',
  tags,
  params: pathParams('projectId'),
  body: CreateBranchBody,
  response: { 200: BranchShape, ...errorResponses(403, 404, 409) },
};

export const listBranchesRoute = {
  operationId: 'listBranches',
  summary: "List a project's branches",
  tags,
  params: pathParams('projectId'),
  response: { 200: Type.Object({ branches: Type.Array(BranchShape) }), ...errorResponses(404) },
};

export const getBranchRoute = {
  operationId: 'getBranch',
  summary: 'Get a branch',
  tags,
  params: pathParams('projectId', 'branchName'),
  response: { 200: BranchShape, ...errorResponses(404) },
};

export const abandonBranchRoute = {
  operationId: 'abandonBranch',
  summary: 'Abandon a branch (it then refuses milestones); the body is optional',
  tags,
  params: pathParams('projectId', 'branchName'),
  body: AbandonBody,
  response: { 200: BranchShape, ...errorResponses(403, 404, 409) },
};

export const mergeRoute = {
  operationId: 'mergeBranch',
  summary: 'Merge a branch into another (default main): one merge milestone, the source closes as merged',
  tags,
  params: pathParams('projectId'),
  body: MergeBody,
  response: { 200: MergeResultShape, ...errorResponses(403, 404, 409) },
};
