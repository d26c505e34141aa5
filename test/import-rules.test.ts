// The import rules of src/ (.dependency-cruiser.cjs: no cycles, stores below the domain, wire shapes
// only in http, drivers only in stores) hold: dependency-cruiser reads the TypeScript sources, type-only
// imports included, and any violation fails this test with the rule's name and the offending import.
// A fixture tree that breaks three rules shows the check does fail.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';

/** The checkout this compiled test belongs to (dist/test/ is two levels down). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

/** Runs the check on `<cwd>/src`; its exit code is the number of violations. */
async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  return promisify(execFile)(process.execPath, [CLI, 'src', '--config', CONFIG, '--output-type', 'err'], { cwd, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
}

test('src/ follows the import rules of .dependency-cruiser.cjs', async () => {
  const result = await cruise(ROOT);
  assert.equal(result.code, 0, `import rules broken:\n${result.output}`);
  assert.match(result.output, /no dependency violations found/);
});

test('a tree that breaks the rules fails the check, naming each rule', async () => {
  const result = await cruise(join(ROOT, 'test/fixtures/import-rules'));
  assert.equal(result.code, 3, result.output);
  for (const rule of ['stores-no-domain', 'no-circular', 'domain-no-http']) assert.match(result.output, new RegExp(`error ${rule}:`));
});
