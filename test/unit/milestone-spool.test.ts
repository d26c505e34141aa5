// The spool's file protocol: entries written whole with user-only permissions, claimed by one
// process at a time, released, completed or set aside, and a claim left by a dead process taken
// over once it is stale.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MilestoneSpool, STALE_CLAIM_MS } from '../../src/cli/spool/milestone-spool.js';
import { newSpoolEntry } from '../../src/cli/spool/spool-entry.js';

const root = mkdtempSync(join(tmpdir(), 'synapse-spool-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));

const URL = 'http://127.0.0.1:8080';
const milestone = (text: string) => ({ projectId: 'p', branchName: 'main', thisContribution: text, progressLine: `- ${text}`, agentId: 'a', agentType: 'git' });

function spoolAt(clock: { now: number }, name: string): MilestoneSpool {
  return MilestoneSpool.forGateway(join(root, name), URL, () => clock.now);
}

test('entries are private files, listed oldest first', async () => {
  const clock = { now: Date.parse('2026-02-10T14:00:00Z') };
  const spool = spoolAt(clock, 'order');
  await spool.add(newSpoolEntry(URL, 'post-commit', milestone('second'), clock.now + 1_000));
  await spool.add(newSpoolEntry(URL, 'post-commit', milestone('first'), clock.now));
  assert.equal(statSync(spool.dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(root, 'order')).mode & 0o777, 0o700);
  const files = await spool.deliverable();
  assert.deepEqual(files.map((f) => f.state), ['pending', 'pending']);
  for (const file of files) assert.equal(statSync(join(spool.dir, file.name)).mode & 0o777, 0o600);
  assert.deepEqual((await Promise.all(files.map((f) => spool.read(f)))).map((e) => e?.milestone.thisContribution), ['first', 'second']);
  assert.equal(spool.dir, MilestoneSpool.forGateway(join(root, 'order'), 'HTTP://127.0.0.1:8080/').dir, 'one spool per gateway, however written');
});

test('one claim wins; release puts the entry back, complete removes it', async () => {
  const clock = { now: Date.now() };
  const spool = spoolAt(clock, 'claims');
  await spool.add(newSpoolEntry(URL, 'session-end', milestone('only'), clock.now));
  const [file] = await spool.deliverable();
  const claims = await Promise.all([spool.claim(file!), spool.claim(file!), spool.claim(file!)]);
  assert.equal(claims.filter(Boolean).length, 1);
  const claim = claims.find(Boolean)!;
  assert.equal(claim.entry.milestone.thisContribution, 'only');
  assert.deepEqual(await spool.deliverable(), [], 'a fresh claim is not offered to others');
  assert.equal((await spool.inFlight()).length, 1);
  await spool.release(claim);
  const [again] = await spool.deliverable();
  assert.equal(again?.state, 'pending');
  await spool.complete((await spool.claim(again!))!);
  assert.deepEqual(readdirSync(spool.dir), []);
});

test('a claim left by a dead process is taken over once stale', async () => {
  const clock = { now: Date.now() };
  const spool = spoolAt(clock, 'stale');
  await spool.add(newSpoolEntry(URL, 'session-end', milestone('orphan'), clock.now));
  const orphaned = await spool.claim((await spool.deliverable())[0]!);
  assert.ok(orphaned);
  clock.now += STALE_CLAIM_MS + 1;
  const [stale] = await spool.deliverable();
  assert.equal(stale?.state, 'claimed');
  const taken = await spool.claim(stale!);
  assert.equal(taken?.entry.idempotencyKey, orphaned.entry.idempotencyKey, 'same entry, same key: the gateway stores it once');
  await spool.complete(orphaned); // the first process wakes up: its claim is gone, nothing breaks
  await spool.release(orphaned);
  assert.equal(readdirSync(spool.dir).length, 1, 'still exactly one file for the entry');
});

test('refused entries are set aside with the reason and offered only when asked', async () => {
  const clock = { now: Date.now() };
  const spool = spoolAt(clock, 'refused');
  await spool.add(newSpoolEntry(URL, 'post-commit', milestone('closed branch'), clock.now));
  const claim = (await spool.claim((await spool.deliverable())[0]!))!;
  await spool.reject(claim, "branch 'main' is merged (conflict, 409)");
  assert.deepEqual(await spool.deliverable(), []);
  const [refused] = await spool.deliverable({ includeRejected: true });
  assert.equal(refused?.state, 'rejected');
  assert.equal((await spool.read(refused!))?.reason, "branch 'main' is merged (conflict, 409)");
});

test('a damaged entry is set aside on claim, not delivered and not lost', async () => {
  const clock = { now: Date.now() };
  const spool = spoolAt(clock, 'damaged');
  await spool.add(newSpoolEntry(URL, 'post-commit', milestone('fine'), clock.now));
  const [file] = await spool.deliverable();
  writeFileSync(join(spool.dir, file!.name), '{"half": ');
  assert.equal(await spool.claim(file!), undefined);
  assert.deepEqual((await spool.files()).map((f) => f.state), ['rejected']);
});
