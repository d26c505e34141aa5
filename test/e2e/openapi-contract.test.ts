// The API contract (src/http/contract/): GET /openapi.json is a valid OpenAPI 3.1 document that
// Redocly's recommended rules accept, it names every route the gateway serves, docs/openapi.json is
// the same document, the statuses the gateway answers are ones the document lists, and no route
// reads a request part through a type cast.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createConfig, lint } from '@redocly/openapi-core';
import { registeredRoutes } from '../../src/http/contract/openapi.js';
import { openApiDocument, openApiText } from '../../src/openapi-document.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const ROOT = new URL('../../../', import.meta.url);

interface Operation {
  operationId?: string;
  responses?: Record<string, unknown>;
  security?: unknown[];
  requestBody?: unknown;
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
}
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(document: OpenApi): Array<{ method: string; path: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method]! })),
  );
}

describe('the OpenAPI document', () => {
  let gw: TestGateway;
  let served: OpenApi;

  before(async () => {
    gw = await startTestGateway();
    const response = await fetch(`${gw.url}/openapi.json`);
    assert.equal(response.status, 200);
    served = (await response.json()) as OpenApi;
  });
  after(async () => gw?.close());

  test('is OpenAPI 3.1 and passes Redocly lint (recommended rules) with no error and no warning', async () => {
    assert.equal(served.openapi, '3.1.0');
    const dir = mkdtempSync(join(tmpdir(), 'synapse-openapi-lint-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(served));
    const problems = await lint({ ref: file, config: await createConfig({ extends: ['recommended'] }) });
    const listed = problems.map((problem) => `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer ?? ''}: ${problem.message}`);
    assert.deepEqual(listed, []);
  });

  test('names every route the gateway serves, each operation once with an id', () => {
    const documented = new Set(operations(served).map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    const routes = registeredRoutes(gw.gateway.app).filter((route) => !route.hidden && route.method !== 'HEAD');
    assert.ok(routes.length > 40, `${routes.length} routes registered`);
    const ids = operations(served).map(({ operation }) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    for (const { method, path } of routes) {
      assert.ok(documented.has(`${method} ${path}`), `${method} ${path} is in the document`);
    }
  });

  test('the committed docs/openapi.json is the document the code generates (`npm run build` writes it; commit it)', async () => {
    assert.equal(committedOpenApi(), openApiText(await openApiDocument()));
  });

  test('every operation answers a bare call (no credentials, no body) with a status it documents', async () => {
    for (const { method, path, operation } of operations(served)) {
      const url = gw.url + path.replace(/\{[^}]+\}/g, 'x');
      const response = await fetch(url, { method: method.toUpperCase() });
      await response.arrayBuffer();
      const documented = Object.keys(operation.responses ?? {});
      assert.ok(
        documented.includes(String(response.status)) || documented.includes(`${String(response.status)[0]}XX`),
        `${method.toUpperCase()} ${path} answered ${response.status}, documented: ${documented.join(', ')}`,
      );
    }
  });

  test('every operation answers a call with the admin key and an empty JSON body with a status it documents', async () => {
    for (const { method, path, operation } of operations(served)) {
      const url = gw.url + path.replace(/\{[^}]+\}/g, 'x');
      const withBody = method !== 'get' && method !== 'delete';
      const response = await fetch(url, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${gw.adminKey}`, ...(withBody ? { 'content-type': 'application/json' } : {}) },
        ...(withBody ? { body: '{}' } : {}),
      });
      await response.arrayBuffer();
      const documented = Object.keys(operation.responses ?? {});
      assert.ok(
        documented.includes(String(response.status)) || documented.includes(`${String(response.status)[0]}XX`),
        `${method.toUpperCase()} ${path} answered ${response.status}, documented: ${documented.join(', ')}`,
      );
    }
  });
});

/** docs/openapi.json as committed: the build rewrites the working copy, so the commit is what can be stale. */
function committedOpenApi(): string {
  try {
    return execFileSync('git', ['show', 'HEAD:docs/openapi.json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return readFileSync(new URL('docs/openapi.json', ROOT), 'utf8'); // not a git checkout (a package)
  }
}

describe('the route modules', () => {
  test('read no request part through a type cast (the schemas type them)', () => {
    const offenders: string[] = [];
    const walk = (dir: URL) => {
      for (const name of readdirSync(dir)) {
        const entry = new URL(name, dir);
        if (statSync(entry).isDirectory()) walk(new URL(`${name}/`, dir));
        else if (name.endsWith('.ts')) {
          readFileSync(entry, 'utf8')
            .split('\n')
            .forEach((line, index) => {
              if (/request\.(body|query|params|headers)\)?\s+as\s/.test(line)) offenders.push(`${entry.pathname}:${index + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(new URL('src/http/', ROOT));
    assert.deepEqual(offenders, []);
  });
});
