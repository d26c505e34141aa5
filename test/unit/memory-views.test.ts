// The memory API's views of stored records: the integer contentHash clients see (derived at read
// time from the stored SHA-256, so rows stored before it existed have one too) and the main branch
// of projects created before it was recorded as the `system` agent's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHashOf, wireContentHash } from '../../src/domain/memory/memory-ids.js';
import { branchView } from '../../src/http/routes/memory/memory-views.js';
import type { BranchRecord } from '../../src/stores/ports/memory-store.js';

test('contentHash on the wire: the first 52 bits of the stored SHA-256, a safe integer', () => {
  const hex = contentHashOf('purpose', 'progress', 'contribution');
  assert.match(hex, /^[0-9a-f]{64}$/);
  assert.equal(wireContentHash(hex), Number.parseInt(hex.slice(0, 13), 16));
  assert.equal(wireContentHash('f'.repeat(64)), 2 ** 52 - 1);
  assert.equal(wireContentHash('0'.repeat(64)), 0);
  for (const text of ['a', 'b', 'c', 'a longer contribution']) {
    const value = wireContentHash(contentHashOf('', '', text));
    assert.ok(Number.isSafeInteger(value) && value >= 0 && value < 2 ** 53, `${value}`);
  }
  assert.notEqual(wireContentHash(contentHashOf('', '', 'a')), wireContentHash(contentHashOf('', '', 'b')));
});

test("a main branch stored without an agent id reads as the system agent's; other branches keep theirs", () => {
  const branch = (branchName: string, parentBranch: string | null, agentId: string | null): BranchRecord => ({
    tenantId: 't', projectId: 'p', branchName, parentBranch, purpose: '', status: 'active', agentId,
    createdAt: '2026-01-01T00:00:00.000Z', abandonReason: null, mergedInto: null,
  });
  assert.equal(branchView(branch('main', null, null)).agentId, 'system');
  assert.equal(branchView(branch('main', null, 'agent-1')).agentId, 'agent-1');
  assert.equal(branchView(branch('feature', 'main', null)).agentId, null);
});
