// Which agent session a proxied call belongs to: Claude Code's header, Codex's client_metadata,
// Synapse's own header or body field, and the ids that are ignored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentSessionOf } from '../../src/domain/agents/agent-session-identity.js';

describe('agentSessionOf', () => {
  test('Claude Code: the X-Claude-Code-Session-Id header', () => {
    assert.deepEqual(agentSessionOf({ 'x-claude-code-session-id': ' 4f1c-aa ' }, { model: 'claude' }), {
      type: 'claude-code',
      sessionId: '4f1c-aa',
    });
  });

  test('Codex: client_metadata.session_id in the body', () => {
    assert.deepEqual(agentSessionOf({}, { client_metadata: { session_id: 'cx-1' } }), { type: 'codex', sessionId: 'cx-1' });
  });

  test('other callers: x-synapse-agent-session or session_id, typed by x-synapse-agent-type', () => {
    assert.deepEqual(agentSessionOf({ 'x-synapse-agent-session': 'h1', 'x-synapse-agent-type': 'aider' }, {}), {
      type: 'aider',
      sessionId: 'h1',
    });
    assert.deepEqual(agentSessionOf({}, { session_id: 'b1' }), { type: 'unknown', sessionId: 'b1' });
    assert.deepEqual(agentSessionOf({ 'x-synapse-agent-session': 'h1' }, { session_id: 'b1' }), { type: 'unknown', sessionId: 'h1' });
    assert.equal(agentSessionOf({ 'x-synapse-agent-session': 'h1', 'x-synapse-agent-type': 'bad type!' }, {})?.type, 'unknown');
    assert.equal(agentSessionOf({ 'x-synapse-agent-session': 'h1', 'x-synapse-agent-type': 'x'.repeat(65) }, {})?.type, 'unknown');
  });

  test('the agents own signals come first', () => {
    const headers = { 'x-claude-code-session-id': 'cc', 'x-synapse-agent-session': 'own', 'x-synapse-agent-type': 'aider' };
    assert.deepEqual(agentSessionOf(headers, { client_metadata: { session_id: 'cx' }, session_id: 'b' }), { type: 'claude-code', sessionId: 'cc' });
    assert.deepEqual(agentSessionOf({ 'x-synapse-agent-session': 'own' }, { client_metadata: { session_id: 'cx' } }), { type: 'codex', sessionId: 'cx' });
  });

  test('repeated headers: the first value', () => {
    assert.equal(agentSessionOf({ 'x-claude-code-session-id': ['one', 'two'] }, undefined)?.sessionId, 'one');
  });

  test('no session: no header, no field, or ids that are empty, too long, not text or hold control characters', () => {
    assert.equal(agentSessionOf({}, undefined), undefined);
    assert.equal(agentSessionOf({}, 'not an object'), undefined);
    assert.equal(agentSessionOf({ 'x-claude-code-session-id': '   ' }, {}), undefined);
    assert.equal(agentSessionOf({}, { session_id: '' }), undefined);
    assert.equal(agentSessionOf({}, { session_id: 42 }), undefined);
    assert.equal(agentSessionOf({}, { client_metadata: 'cx' }), undefined);
    assert.equal(agentSessionOf({}, { client_metadata: { session_id: null } }), undefined);
    assert.equal(agentSessionOf({}, { session_id: 'a'.repeat(257) }), undefined);
    assert.equal(agentSessionOf({}, { session_id: 'a\u0000b' }), undefined);
    assert.equal(agentSessionOf({}, { session_id: 'a'.repeat(256) })?.sessionId.length, 256);
  });

  test('an unusable id falls through to the next source', () => {
    assert.deepEqual(agentSessionOf({ 'x-claude-code-session-id': '' }, { session_id: 'b' }), { type: 'unknown', sessionId: 'b' });
  });
});
