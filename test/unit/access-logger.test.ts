// The access log's chunks: every line comes out whole and in order, no chunk over its size (4 KiB
// here; a line longer than that goes out alone), multi-byte characters intact; and lines still gathered when the
// process exits are written, also when it exits with process.exit() right after logging.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LineChunks } from '../../src/access-logger.js';

test('lines are gathered into chunks of at most 4 KiB, whole and in order', () => {
  const chunks: Buffer[] = [];
  const lines = new LineChunks((bytes) => chunks.push(bytes), 4096);
  const written: string[] = [];
  for (let i = 0; i < 500; i++) {
    const line = `{"n":${i},"text":"${'é€😀'.repeat(i % 7)}${'x'.repeat(i % 90)}"}\n`;
    written.push(line);
    lines.write(line);
  }
  const long = `{"long":"${'y'.repeat(5000)}"}\n`;
  lines.write(long);
  lines.write('{"last":true}\n');
  lines.flush();
  lines.flush(); // nothing gathered: no empty chunk
  assert.ok(chunks.every((chunk) => chunk.length > 0));
  assert.ok(chunks.filter((chunk) => !chunk.toString().includes('"long"')).every((chunk) => chunk.length <= 4096));
  assert.ok(chunks.length > 5, `${chunks.length} chunks`);
  assert.equal(Buffer.concat(chunks).toString('utf8'), [...written, long, '{"last":true}\n'].join(''));
  for (const chunk of chunks) assert.ok(chunk.toString('utf8').endsWith('\n'), 'a chunk ends with a whole line');
});

test('lines gathered when the process exits are written', () => {
  const logger = fileURLToPath(new URL('../../src/access-logger.js', import.meta.url));
  const script = `import { openAccessLogger } from ${JSON.stringify(logger)};
const log = openAccessLogger('info');
for (let i = 0; i < 3000; i++) log.write({ requestId: 'req-' + i, method: 'POST', route: '/v1/chat/completions', status: 200, ms: i / 7 });
process.exit(0);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(lines.map((line) => line.requestId), Array.from({ length: 3000 }, (_, i) => `req-${i}`));
  assert.equal(lines[700]!.ms, Math.round((700 / 7) * 100) / 100);
});

test("a line is pino's line for the same fields, and none is written when the level hides info", () => {
  const logger = fileURLToPath(new URL('../../src/access-logger.js', import.meta.url));
  const fields = { requestId: 'a"b\\c', method: 'POST', route: '/v1/messages', status: 429, ms: 12.3456 };
  const script = (level: string) => `import { openAccessLogger } from ${JSON.stringify(logger)};
import { pino } from 'pino';
const log = openAccessLogger(${JSON.stringify(level)});
log?.write(${JSON.stringify(fields)});
log?.close();
pino({ level: ${JSON.stringify(level)} }, pino.destination({ dest: 1, sync: true })).info({ ...${JSON.stringify(fields)}, ms: 12.35 }, 'request completed');`;
  const run = (level: string) => spawnSync(process.execPath, ['--input-type=module', '-e', script(level)], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  const info = run('info');
  assert.equal(info.status, 0, info.stderr);
  const [ours, pinos] = info.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(ours && pinos, info.stdout);
  assert.deepEqual(Object.keys(ours), Object.keys(pinos), 'the same fields in the same order');
  assert.deepEqual({ ...ours, time: 0 }, { ...pinos, time: 0 });
  const warn = run('warn');
  assert.equal(warn.status, 0, warn.stderr);
  assert.equal(warn.stdout, '', 'no access line at level warn');
});
