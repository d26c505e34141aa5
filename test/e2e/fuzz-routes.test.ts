// Property-based fuzzing of every route (fast-check) against a real gateway on SQLite and the fake
// upstream: random bodies (bytes that are not UTF-8, JSON that is not an object, nesting past the
// limit, huge numbers, lone surrogates, NUL, wrong types for every known field, bodies over the
// limit), headers, credentials, path ids and query strings. For every request: no 5xx, an
// X-Request-ID (the client's when sane), the route's error shape on every error, and a refused
// write leaves the stored data as it was. Routes are read from Fastify's own route table, so a new
// route is fuzzed without touching this file.
// SYNAPSE_FUZZ_SEED replays a run (the seed is printed; `random` draws one), SYNAPSE_FUZZ_RUNS sets
// the requests per route (default 48).
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { call, storeBody } from '../helpers/memory-client.js';
import { changedTables, StoredDataReader, type StoredData } from '../helpers/stored-data.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

const BODY_LIMIT = 64 * 1024;
const RUNS = Number(process.env.SYNAPSE_FUZZ_RUNS ?? 48);
const SEED =
  process.env.SYNAPSE_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.SYNAPSE_FUZZ_SEED ?? 20_261_206);
const TRACE = process.env.SYNAPSE_FUZZ_TRACE === '1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;
const MESSAGES_PATH = /^\/v1(?:\/v1)?\/messages(?:[/?]|$)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// ---- the route table ------------------------------------------------------------------------

interface Route {
  method: string;
  url: string;
}

/** Every (method, path pattern) of the app, read from Fastify's printed route tree; HEAD is GET's twin. */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    // The tree prints a wildcard child without the slash before it.
    stack.push(match[2] === '*' ? '/*' : match[2]!);
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) {
      routes.push({ method, url: stack.join('') });
    }
  }
  return routes;
}

// ---- generators ------------------------------------------------------------------------------

const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ude00x', '.', '..', '%', '%zz', '%00', '\u202e', '\ufeff',
  '💩'.repeat(200), 'x'.repeat(700), '__proto__', 'constructor', 'prototype', "' OR 1=1 --", '<script>alert(1)</script>',
  '${jndi:ldap://x}', '../../etc/passwd', 'null', 'true', '-1', '1e999', 'NaN', 'main', '\r\n', '\t', 'ﷺ', 'a/b', '?x=1', '#f',
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), loneSurrogate, fc.constantFrom('\u0000', '\n', '"', '\\', '/', '%', '.')), maxLength: 30 }),
);

/** Field names of the gateway's bodies, so that wrong values reach the validators and handlers. */
const KNOWN_FIELDS = [
  'model', 'messages', 'input', 'prompt', 'stream', 'stream_options', 'n', 'temperature', 'max_tokens', 'tools', 'tool_choice', 'session_id',
  'instructions', 'previous_response_id', 'system', 'metadata', 'client_metadata', 'encoding_format', 'projectId', 'name', 'roadmap',
  'branchName', 'branchPurpose', 'cumulativeProgress', 'thisContribution', 'agentId', 'agentType', 'phase', 'content', 'parentBranch',
  'purpose', 'reason', 'sourceBranch', 'targetBranch', 'mergeSummary', 'query', 'limit', 'projectIds', 'question', 'timeRange',
  'contextLimit', 'contributorFilter', 'contributorId', 'displayName', 'agentIds', 'role', 'sessionId', 'milestonesRecalled',
  'toolCallsTotal', 'sessionDurationSecs', 'startedAt', 'endedAt', 'compactionCount', 'toolCallsRead', 'cacheKey', 'reuseScore', 'summary',
  'l2Collection', 'summaryEmbedding', 'api_key', 'tenant_id', 'tier', 'tenantId',
  'cacheHitThreshold', 'ttlSecs', 'overrides', '__proto__', 'constructor',
];
const KNOWN_QUERY = ['view', 'branch', 'milestoneId', 'segment', 'limit', 'offset', 'tenant_id', 'agentType', 'before', 'model', 'stream', 'beta'];

const numberToken = fc.oneof(
  fc.constantFrom('1e999', '-1e999', '1e-999', '123456789012345678901234567890', '-0', '0.1e1', '9007199254740993', '1E+400', '0'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
/** JSON text (not values: JSON.stringify cannot write 1e999) of any shape, leaves hostile. */
const { json: jsonText } = fc.letrec<{ json: string; array: string; object: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, hostileString.map((s) => JSON.stringify(s)), numberToken, fc.constantFrom('true', 'false', 'null'), tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...KNOWN_FIELDS), hostileString), tie('json')), { maxLength: 4 })
    .map((pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
}));
/** An object of known fields with hostile values: gets past the "is it an object" checks. */
const knownFieldsObject = fc
  .array(fc.tuple(fc.constantFrom(...KNOWN_FIELDS), jsonText), { minLength: 1, maxLength: 6 })
  .map((pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`);

const body: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 6, arbitrary: knownFieldsObject.map((text) => Buffer.from(text)) },
  { weight: 2, arbitrary: jsonText.map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 257, max: 5_000 }), fc.boolean()).map(([depth, arrays]) => Buffer.from(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from('{"model":"'), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from(bytes), Buffer.from('"}')])) },
  { weight: 1, arbitrary: fc.tuple(knownFieldsObject, fc.nat()).map(([text, cut]) => Buffer.from(text.slice(0, cut % Math.max(1, text.length)))) },
  { weight: 1, arbitrary: fc.constant(Buffer.from(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(BODY_LIMIT) }] }))) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const headerValue = fc.oneof(
  fc.string({ unit: printable, maxLength: 40 }),
  fc.constantFrom('true', 'false', '1', '-1', '0', 'abc', '99999999999999999999', 'no-store', 'no-cache', '2023-06-01', 'application/json'),
);
const HEADER_NAMES = [
  'x-synapse-cache-ttl', 'x-synapse-force-refresh', 'x-synapse-skip-cache', 'x-synapse-passthrough', 'cache-control', 'anthropic-version',
  'anthropic-beta', 'x-claude-code-session-id', 'x-synapse-agent-session', 'x-synapse-agent-type', 'x-api-key', 'x-request-id', 'accept',
  'x-forwarded-for', 'accept-encoding', 'content-encoding',
];
const headers = fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 4 });
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'APPLICATION/JSON', 'application/json;;;', '*/*') },
  { weight: 1, arbitrary: fc.string({ unit: printable, maxLength: 30 }) },
);

type Credential = { kind: 'admin' } | { kind: 'none' } | { kind: 'junk'; value: string };
const credential: fc.Arbitrary<Credential> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'admin' } as Credential) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' } as Credential) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.string({ unit: printable, maxLength: 60 }), fc.string({ unit: printable, maxLength: 40 }).map((s) => `sk-syn-${s}`), fc.constant('eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.'))
      .map((value) => ({ kind: 'junk', value }) as Credential),
  },
);

/** Percent-encodes a string for a URL, writing lone surrogates as the (invalid) UTF-8 of their code unit. */
function encodeSegment(text: string): string {
  let out = '';
  for (const char of text) {
    try {
      out += encodeURIComponent(char);
    } catch {
      const code = char.charCodeAt(0);
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
  }
  return out;
}

// ---- the gateway under test ------------------------------------------------------------------

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

let gw: TestGateway;
let stored: StoredDataReader;
let agent: Agent;
/** Known ids per path parameter, so that requests also reach the handlers of existing resources. */
const seeded: Record<string, string[]> = {};

before(async () => {
  // Junk credentials are a fifth of the requests: the per-address limit of failed authentications
  // would otherwise turn the rest of the run into 429s.
  gw = await startTestGateway({ env: { SYNAPSE_BODY_LIMIT_BYTES: String(BODY_LIMIT), SYNAPSE_AUTH_FAILURES_PER_MIN: '1000000' } });
  agent = new Agent({ keepAlive: true, maxSockets: 4 });
  assert.equal((await call(gw, '/projects', { body: { projectId: 'fuzz-project', name: 'fuzz' } })).status, 200);
  assert.equal((await call(gw, '/projects/fuzz-project/store', { body: storeBody('seeded') })).status, 200);
  assert.equal((await call(gw, '/projects/fuzz-project/branches', { body: { branchName: 'fuzz-branch' } })).status, 200);
  assert.equal((await call(gw, '/contributors', { body: { contributorId: 'fuzz-contributor', displayName: 'f', agentIds: ['agent-1'] } })).status, 200);
  const chatBody = { model: 'gpt-4o', messages: [{ role: 'user', content: 'seeded question' }], session_id: 'fuzz-session' };
  assert.equal((await gw.request('/v1/chat/completions', { body: chatBody })).status, 200);
  const key = await gw.createKey({ role: 'readonly', name: 'fuzz' });
  let entryId = '';
  for (let attempt = 0; attempt < 100 && !entryId; attempt++) {
    entryId = ((await (await gw.request('/api/v1/cache/preview', { body: { model: 'gpt-4o', messages: chatBody.messages } })).json()) as Json).entryId ?? '';
    if (!entryId) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  Object.assign(seeded, {
    projectId: ['fuzz-project'],
    branchName: ['main', 'fuzz-branch'],
    contributorId: ['fuzz-contributor'],
    tenantId: ['default'],
    sessionId: ['fuzz-session'],
    entryId: [entryId],
    id: [key.id],
    modelId: ['gpt-4o'],
    '*': ['resp_missing', 'resp_missing/input_items', 'resp_missing/cancel'],
  });
  stored = new StoredDataReader(gw.dataDir);
  console.log(`# fuzz seed ${SEED}, ${RUNS} requests per route (SYNAPSE_FUZZ_SEED=${SEED} replays this run)`);
});
after(async () => {
  stored?.close();
  agent?.destroy();
  await gw?.close();
});

function send(request: FuzzRequest): Promise<FuzzResponse> {
  const { port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, agent, timeout: 15_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 15 s')));
    outgoing.on('error', (error) => reject(new Error(`${error.message}: ${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 300)} body ${request.body?.length ?? 0} B ${JSON.stringify(request.body?.subarray(0, 100).toString('latin1'))}`)));
    outgoing.end(request.body);
  });
}

/** Waits until no write is pending (the cache stores answers just after sending them). */
async function settledData(): Promise<StoredData> {
  let previous = stored.snapshot();
  for (let attempt = 0; attempt < 40; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const current = stored.snapshot();
    if (changedTables(previous, current).length === 0) return current;
    previous = current;
  }
  throw new Error('stored data never settled');
}

/** The error shape a failed request must have: Anthropic's on the Messages paths, the SPEC's elsewhere. */
function assertErrorShape(request: FuzzRequest, response: FuzzResponse): void {
  const where = describeExchange(request, response);
  assert.match(String(response.headers['content-type']), /^application\/json/, where);
  let body: Json;
  try {
    body = JSON.parse(response.text) as Json;
  } catch {
    assert.fail(`error body is not JSON: ${where}`);
  }
  assert.ok(!/<html|\bat .+\(.+:\d+:\d+\)/i.test(response.text), `no HTML page or stack trace: ${where}`);
  // Anthropic's shape on the Messages paths; elsewhere too for a client speaking Anthropic whose
  // request matched no route (an unknown path, a malformed URL), which this test does not tell apart.
  const speaksAnthropic = request.headers['anthropic-version'] !== undefined && body.type === 'error';
  if (MESSAGES_PATH.test(request.path) || speaksAnthropic) {
    assert.equal(body.type, 'error', where);
    assert.equal(typeof body.error?.type, 'string', where);
    assert.equal(typeof body.error?.message, 'string', where);
    assert.equal(body.request_id, response.headers['x-request-id'], where);
    return;
  }
  assert.deepEqual(Object.keys(body), ['error'], where);
  for (const field of ['message', 'type', 'code']) assert.equal(typeof body.error[field], 'string', `error.${field}: ${where}`);
  const extra = Object.keys(body.error).filter((k) => !['message', 'type', 'code', 'retry_after_secs', 'upstream_status'].includes(k));
  assert.deepEqual(extra, [], where);
}

/** The request and what came back, short enough to read in a failure. */
function describeExchange(request: FuzzRequest, response: FuzzResponse): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length} B): ${JSON.stringify(request.body.subarray(0, 200).toString('latin1'))}`;
  return `${request.method} ${request.path.slice(0, 200)} headers ${JSON.stringify(request.headers).slice(0, 300)}${body}\n  -> ${response.status} ${JSON.stringify(response.headers['content-type'])} ${response.text.slice(0, 300)}`;
}

function buildRequest(route: Route, parts: { params: Record<string, string>; query: Array<[string, string]>; headers: Record<string, string>; contentType: string; credential: Credential; body: Buffer | undefined }): FuzzRequest {
  const path = route.url.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => {
    const value = parts.params[name ?? '*']!;
    return whole === '*' ? value.split('/').map(encodeSegment).join('/') : encodeSegment(value);
  });
  const query = parts.query.map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(value)}`).join('&');
  const headers: Record<string, string> = { ...parts.headers };
  if (parts.credential.kind === 'admin') headers.authorization = `Bearer ${gw.adminKey}`;
  if (parts.credential.kind === 'junk') headers.authorization = `Bearer ${parts.credential.value}`;
  const withBody = route.method !== 'GET' && parts.body !== undefined;
  if (withBody) {
    headers['content-type'] = parts.contentType;
    // node:http sends a DELETE body with neither length nor chunking unless told its length.
    headers['content-length'] = String(parts.body!.length);
  }
  return { method: route.method, path: query ? `${path}?${query}` : path, headers, body: withBody ? parts.body : undefined };
}

function paramsFor(route: Route): fc.Arbitrary<Record<string, string>> {
  const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  const record: Record<string, fc.Arbitrary<string>> = {};
  for (const name of names) {
    // Existing resources are read and written, never deleted: the rest of the run needs them.
    const known = route.method === 'DELETE' ? [] : (seeded[name] ?? []);
    const hostile = name === '*' ? fc.array(hostileString, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')) : hostileString;
    record[name] = known.length > 0 ? fc.oneof(fc.constantFrom(...known), hostile) : hostile;
  }
  return fc.record(record);
}

// ---- the properties ----------------------------------------------------------------------------

describe('fuzzing every route', async () => {
  const probe = await startTestGateway();
  const routes = routesOf(probe.gateway.app.printRoutes({ commonPrefix: false }));
  await probe.close();

  test('the route table was read', () => {
    assert.ok(routes.length >= 40, `${routes.length} routes`);
    assert.ok(routes.some((r) => r.method === 'POST' && r.url === '/api/v1/memory/projects/:projectId/store'));
  });

  const tally = { requests: 0, refused: 0, accepted: 0 };
  after(() => console.log(`# fuzz: ${tally.requests} requests, ${tally.refused} refused, ${tally.accepted} accepted`));

  for (const [index, route] of routes.entries()) {
    test(`${route.method} ${route.url}`, async () => {
      let baseline: StoredData | undefined;
      const parts = fc.record({
        params: paramsFor(route),
        query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KNOWN_QUERY), hostileString), hostileString), { maxLength: 3 }),
        headers,
        contentType,
        credential,
        body,
      });
      const property = fc.asyncProperty(parts, async (generated) => {
          const request = buildRequest(route, generated);
          const writes = WRITES.has(route.method);
          if (writes && baseline === undefined) baseline = await settledData();
          const response = await send(request);
          tally.requests++;
          if (TRACE) console.log(`# ${describeExchange(request, response).replace(/\n/g, ' ')} [${String(response.headers.connection)}]`);
          const where = describeExchange(request, response);
          assert.ok(response.status < 500, `no 5xx: ${where}`);
          const requestId = String(response.headers['x-request-id'] ?? '');
          // HTTP drops the whitespace around a header value before the gateway sees it.
          const sent = request.headers['x-request-id']?.trim();
          if (sent !== undefined && SANE_REQUEST_ID.test(sent)) assert.equal(requestId, sent, `echoes X-Request-ID: ${where}`);
          else assert.match(requestId, UUID, `X-Request-ID: ${where}`);
          if (response.status >= 400) {
            tally.refused++;
            assertErrorShape(request, response);
            if (writes) {
              const changed = changedTables(baseline!, stored.snapshot());
              assert.deepEqual(changed, [], `a refused request changed stored data: ${where}`);
            }
          } else {
            tally.accepted++;
            if (writes || route.url.startsWith('/v1/')) baseline = undefined;
          }
      });
      const details = await fc.check(property, { seed: SEED + index, numRuns: RUNS, endOnFailure: true });
      if (details.failed) {
        // fast-check's own report prints whole bodies; the request summary in the error is enough.
        const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        assert.fail(`${reason.slice(0, 2_000)}\n(replay: SYNAPSE_FUZZ_SEED=${SEED}, route seed ${SEED + index}, path "${details.counterexamplePath}")`);
      }
    });
  }
});
