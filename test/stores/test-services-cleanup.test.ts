// The test schemas of test/helpers/test-services.ts are dropped when their file ends even when its
// tests and its own clean-up fail: a failing test file is run on its own and the schema it created
// must be gone afterwards.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { runAdminSql } from '../helpers/postgres-test-database.js';
import { needPostgres } from '../helpers/test-services.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/failing-schema-suite.js');

describe('test schema clean-up', await needPostgres(), () => {
  test('a failed test file leaves no schema behind', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      // Without NODE_TEST_CONTEXT, which would make the inner runner report to this one instead.
      const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
      execFile(process.execPath, ['--test', '--test-reporter=tap', FIXTURE], { env, timeout: 30_000 }, (error, out) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: out }),
      );
    });
    assert.notEqual(code, 0, 'the fixture fails');
    const schema = /schema=(synapse_cleanup_[0-9a-f]+)/.exec(stdout)?.[1];
    assert.ok(schema, `the fixture created a schema: ${stdout}`);
    const left = await runAdminSql('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    assert.equal(left.rowCount, 0, `${schema} was dropped`);
  });
});
