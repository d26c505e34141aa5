// The workspace part of the cache partition (src/domain/cache/workspace-scope.ts): formatting never
// splits it, any change of state does, and what cannot be read is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import { MAX_CONTEXT_HEADER_LENGTH, workspaceScope } from '../../src/domain/cache/workspace-scope.js';

describe('workspaceScope', () => {
  test('no context, or blank ones, is no scope (the partition of requests without one)', () => {
    assert.equal(workspaceScope({}), undefined);
    assert.equal(workspaceScope({ workspace: '  ', code: '' }), undefined);
  });

  test('spacing, pair order, empty pairs and the case of keys and hashes do not matter', () => {
    const scope = workspaceScope({ workspace: 'commit:abc123,dirty:2,files_hash:ff00,root:/repo' });
    assert.equal(workspaceScope({ workspace: ' ROOT:/repo ,, Files_Hash:FF00 , dirty:2,COMMIT:ABC123,' }), scope);
  });

  test('every value change, a path of another case, and an added key make another scope', () => {
    const base = 'commit:abc123,dirty:2,root:/repo';
    const scope = workspaceScope({ workspace: base });
    for (const other of ['commit:abc124,dirty:2,root:/repo', 'commit:abc123,dirty:3,root:/repo', 'commit:abc123,dirty:2,root:/Repo', `${base},branch:main`]) {
      assert.notEqual(workspaceScope({ workspace: other }), scope, other);
    }
  });

  test('the code context is compared as canonical JSON, hash fields without case; it and the workspace never collide', () => {
    const scope = workspaceScope({ code: '{"git_commit":"ABC","mentioned_files_mtime":{"a.ts":1,"b.ts":2}}' });
    assert.equal(workspaceScope({ code: '{ "mentioned_files_mtime": { "b.ts": 2, "a.ts": 1 }, "git_commit": "abc" }' }), scope);
    assert.notEqual(workspaceScope({ code: '{"git_commit":"abc","mentioned_files_mtime":{"a.ts":1,"b.ts":5}}' }), scope);
    assert.notEqual(workspaceScope({ workspace: 'git_commit:abc', code: '{"git_commit":"abc"}' }), workspaceScope({ code: '{"git_commit":"abc"}' }));
  });

  test('unreadable or oversized contexts are validation errors', () => {
    const refused = (context: { workspace?: string; code?: string }, message: RegExp) =>
      assert.throws(() => workspaceScope(context), (error: unknown) => error instanceof SynapseError && error.code === 'validation_failed' && message.test(error.message));
    refused({ workspace: 'commit' }, /key:value pairs/);
    refused({ workspace: ':abc' }, /key:value pairs/);
    refused({ code: '{"git_commit":' }, /JSON object/);
    refused({ code: '"text"' }, /JSON object/);
    refused({ workspace: `root:${'x'.repeat(MAX_CONTEXT_HEADER_LENGTH)}` }, /at most 8192 characters/);
  });
});
