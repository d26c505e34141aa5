// The agent-sessions API through HTTP, on SQLite and on PostgreSQL: usage recorded by the tracker is visible
// at once, per tenant (operator admins may look at any), paged and filtered, with SPEC errors for the rest.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AgentCallUsage } from '../../src/domain/agents/agent-session-tracker.js';
import { TEST_DATABASE_URL } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema, type ServiceGate } from '../helpers/test-services.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const T0 = Date.UTC(2026, 1, 10, 14, 22, 0);
const miss: AgentCallUsage = { cacheHit: false, inputTokens: 100, outputTokens: 20, costUsd: 0.003, costSavedUsd: 0 };
const hit: AgentCallUsage = { cacheHit: true, inputTokens: 100, outputTokens: 20, costUsd: 0, costSavedUsd: 0.003 };

interface PublicSession {
  tenantId: string;
  sessionId: string;
  agentType: string;
  requests: number;
  cacheHits: number;
  hitRate: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costSavedUsd: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

function describeAgentSessionsApi(backend: string, env: Record<string, string> = {}, gate: ServiceGate = {}): void {
  describe(`agent sessions API (${backend})`, gate, () => {
    let clock = T0;
    let gw: TestGateway;
    let acmeReader: string;
    let acmeAdmin: string;
    let operatorReader: string;

    const record = (tenantId: string, type: string, sessionId: string, call: AgentCallUsage) =>
      gw.gateway.deps.agentSessions.record(tenantId, { type, sessionId }, call);

    async function getJson<T>(path: string, auth: string, status = 200): Promise<T> {
      const response = await gw.request(path, { auth });
      const text = await response.text();
      assert.equal(response.status, status, `${path}: ${text}`);
      return JSON.parse(text) as T;
    }
    const list = async (query: string, auth: string) =>
      getJson<{ sessions: PublicSession[]; nextCursor?: string }>(`/api/v1/agent-sessions${query}`, auth);
    const errorOf = async (path: string, auth: string, status: number) =>
      (await getJson<{ error: { code: string; type: string; message: string } }>(path, auth, status)).error;

    before(async () => {
      gw = await startTestGateway({ now: () => clock, env });
      acmeReader = (await gw.createKey({ tenant_id: 'acme', role: 'readonly' })).key;
      acmeAdmin = (await gw.createKey({ tenant_id: 'acme', role: 'admin' })).key;
      operatorReader = (await gw.createKey({ role: 'readonly' })).key;
      record('default', 'claude-code', 'cc-1', miss);
      clock += 1_000;
      record('default', 'claude-code', 'cc-1', hit);
      record('default', 'claude-code', 'shared-id', miss);
      clock += 1_000;
      record('acme', 'codex', 'cx-1', miss);
      clock += 1_000;
      record('acme', 'codex', 'shared-id', hit);
      record('acme', 'unknown', 'path/with spaces', miss);
    });
    after(async () => {
      await gw.close();
    });

    test('a tenant reads its own sessions, just recorded, newest first, in the documented shape', async () => {
      const { sessions, nextCursor } = await list('', acmeReader);
      assert.equal(nextCursor, undefined);
      assert.deepEqual(sessions.map((s) => s.sessionId).sort(), ['cx-1', 'path/with spaces', 'shared-id']);
      assert.equal(sessions.at(-1)!.sessionId, 'cx-1', 'the session seen first is listed last');
      assert.ok(sessions.every((s) => s.tenantId === 'acme'));
      const own = await list('', operatorReader);
      assert.deepEqual(own.sessions.map((s) => s.sessionId).sort(), ['cc-1', 'shared-id']);
      assert.deepEqual(own.sessions.find((s) => s.sessionId === 'cc-1'), {
        tenantId: 'default', sessionId: 'cc-1', agentType: 'claude-code', requests: 2, cacheHits: 1, hitRate: 0.5,
        inputTokens: 200, outputTokens: 40, costUsd: 0.003, costSavedUsd: 0.003,
        firstSeenAt: new Date(T0).toISOString(), lastSeenAt: new Date(T0 + 1_000).toISOString(),
      });
    });

    test('one session by id; the same id in another tenant is another session', async () => {
      const mine = await getJson<PublicSession>('/api/v1/agent-sessions/shared-id', acmeReader);
      assert.deepEqual([mine.tenantId, mine.agentType, mine.cacheHits, mine.hitRate], ['acme', 'codex', 1, 1]);
      const theirs = await getJson<PublicSession>('/api/v1/agent-sessions/shared-id', operatorReader);
      assert.deepEqual([theirs.tenantId, theirs.agentType, theirs.cacheHits], ['default', 'claude-code', 0]);
      const encoded = await getJson<PublicSession>(`/api/v1/agent-sessions/${encodeURIComponent('path/with spaces')}`, acmeReader);
      assert.equal(encoded.agentType, 'unknown');
      const longest = 'é'.repeat(256);
      record('long-ids', 'codex', longest, miss);
      const path = `/api/v1/agent-sessions/${encodeURIComponent(longest)}?tenant_id=long-ids`;
      assert.equal((await getJson<PublicSession>(path, gw.adminKey)).sessionId, longest, 'the longest id, percent-encoded');
    });

    test("another tenant's session is not found, in the SPEC error shape", async () => {
      const error = await errorOf('/api/v1/agent-sessions/cc-1', acmeReader, 404);
      assert.deepEqual(error, { code: 'agent_session_not_found', type: 'not_found', message: "not found: agent session 'cc-1' does not exist" });
      assert.equal((await errorOf('/api/v1/agent-sessions/never-seen', acmeAdmin, 404)).code, 'agent_session_not_found');
    });

    test('only operator admins may name another tenant', async () => {
      assert.equal((await errorOf('/api/v1/agent-sessions?tenant_id=default', acmeAdmin, 403)).code, 'tenant_forbidden');
      assert.equal((await errorOf('/api/v1/agent-sessions/cc-1?tenant_id=default', acmeReader, 403)).code, 'tenant_forbidden');
      assert.equal((await errorOf('/api/v1/agent-sessions?tenant_id=acme', operatorReader, 403)).code, 'tenant_forbidden');
      assert.equal((await list('?tenant_id=acme', acmeReader)).sessions.length, 3, 'naming its own tenant is fine');

      const everyone = await list('', gw.adminKey);
      assert.deepEqual(new Set(everyone.sessions.map((s) => s.tenantId)), new Set(['acme', 'default', 'long-ids']));
      const acme = await list('?tenant_id=acme', gw.adminKey);
      assert.ok(acme.sessions.length === 3 && acme.sessions.every((s) => s.tenantId === 'acme'));
      assert.equal((await getJson<PublicSession>('/api/v1/agent-sessions/cx-1?tenant_id=acme', gw.adminKey)).requests, 1);
      assert.equal((await errorOf('/api/v1/agent-sessions/cx-1', gw.adminKey, 404)).code, 'agent_session_not_found', 'by default its own tenant');
    });

    test('filtered by agent type and paged by cursor', async () => {
      assert.deepEqual((await list('?agentType=codex', acmeReader)).sessions.map((s) => s.sessionId).sort(), ['cx-1', 'shared-id']);
      const first = await list('?limit=2', acmeReader);
      assert.equal(first.sessions.length, 2);
      assert.ok(first.nextCursor);
      const second = await list(`?limit=2&before=${encodeURIComponent(first.nextCursor)}`, acmeReader);
      assert.deepEqual(second.sessions.map((s) => s.sessionId), ['cx-1']);
      assert.equal(second.nextCursor, undefined);
    });

    test('later usage adds to the session', async () => {
      clock += 5_000;
      record('acme', 'codex', 'cx-1', hit);
      const session = await getJson<PublicSession>('/api/v1/agent-sessions/cx-1', acmeReader);
      assert.deepEqual([session.requests, session.cacheHits, session.lastSeenAt], [2, 1, new Date(clock).toISOString()]);
      assert.equal((await list('?limit=1', acmeReader)).sessions[0]!.sessionId, 'cx-1', 'now the most recent');
    });

    test('bad queries and missing credentials', async () => {
      assert.equal((await errorOf('/api/v1/agent-sessions?limit=0', acmeReader, 400)).code, 'validation_failed');
      assert.equal((await errorOf('/api/v1/agent-sessions?limit=201', acmeReader, 400)).code, 'validation_failed');
      assert.equal((await errorOf('/api/v1/agent-sessions?before=garbage', acmeReader, 400)).code, 'validation_failed');
      assert.equal((await errorOf(`/api/v1/agent-sessions/${'x'.repeat(257)}`, acmeReader, 400)).code, 'validation_failed');
      const response = await gw.request('/api/v1/agent-sessions', { auth: null });
      assert.equal(response.status, 401);
    });
  });
}

const schema = testSchema('sessions');

describeAgentSessionsApi('sqlite');
describeAgentSessionsApi('postgres', { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema }, await needPostgres());
