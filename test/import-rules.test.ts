// The import rules of src/ (.dependency-cruiser.cjs: no cycles, stores below the domain, wire shapes
// only in http, drivers only in stores) hold: dependency-cruiser reads the TypeScript sources, type-only
// imports included, and any violation fails this test with the rule's name and the offending import.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';

/** The checkout this compiled test belongs to (dist/test/ is two levels down). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

test('src/ follows the import rules of .dependency-cruiser.cjs', async () => {
  const run = promisify(execFile);
  const result = await run(process.execPath, [CLI, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  assert.equal(result.code, 0, `import rules broken:\n${result.output}`);
  assert.match(result.output, /no dependency violations found/);
});
