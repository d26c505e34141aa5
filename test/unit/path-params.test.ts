// The path-id limits: every parametric route gets its ids' schema, an undeclared parameter fails
// at start, and the router accepts the longest id as it measures it (decoded UTF-16 units).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RouteOptions } from 'fastify';
import { addPathIdSchemas, MAX_PATH_SEGMENT_LENGTH } from '../../src/http/path-params.js';

const route = (url: string, schema?: RouteOptions['schema']): RouteOptions =>
  ({ method: 'GET', url, handler: () => undefined, ...(schema ? { schema } : {}) }) as RouteOptions;

test('each id in the path gets its limit; a route without ids is left alone', () => {
  const branch = route('/api/v1/memory/projects/:projectId/branches/:branchName');
  addPathIdSchemas(branch);
  assert.deepEqual(branch.schema?.params, {
    type: 'object',
    properties: { projectId: { type: 'string', minLength: 1, maxLength: 128 }, branchName: { type: 'string', minLength: 1, maxLength: 256 } },
  });
  const plain = route('/health');
  addPathIdSchemas(plain);
  assert.equal(plain.schema, undefined);
});

test("a route's own params schema is kept; an undeclared parameter fails at registration", () => {
  const own = { type: 'object', properties: { sessionId: { type: 'string', maxLength: 10 } } };
  const declared = route('/api/v1/agent-sessions/:sessionId', { params: own });
  addPathIdSchemas(declared);
  assert.equal(declared.schema?.params, own);
  assert.throws(() => addPathIdSchemas(route('/things/:thingId')), /:thingId .* no declared limit/);
});

test('the router accepts 256 emoji: two UTF-16 units each', () => {
  assert.equal(MAX_PATH_SEGMENT_LENGTH, 512);
  assert.equal('😀'.repeat(256).length, MAX_PATH_SEGMENT_LENGTH);
});
