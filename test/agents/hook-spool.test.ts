// No memory lost, through real processes against a real gateway behind a relay that plays the
// outage: hooks spool what the gateway cannot take (stopped, hanging, 429, 503; within 2 s, nothing
// on stdout or in git's output) and keep aside what it refuses for good, the next hook run or
// `synapse sync` delivers it exactly once, `synapse status` shows
// what waits, concurrent runs neither lose nor repeat entries, and 30 hook runs in a minute all
// store against the default token limit (10 per minute) because the token is cached.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Synapse, type Milestone } from '../../src/sdk/index.js';
import { MilestoneSpool } from '../../src/cli/spool/milestone-spool.js';
import { newSpoolEntry } from '../../src/cli/spool/spool-entry.js';
import { silentServer, TcpRelay } from '../helpers/tcp-relay.js';
import { fixturePath, removeTempDirs, runSynapse, startAgentGateway, tempDir, type AgentGateway, type CliResult } from './helpers/agent-kit.js';

const transcript = fixturePath('claude-session.jsonl');

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

/** A git work tree on branch `work` whose .synapse-project names `projectId`. */
function workTree(projectId: string): string {
  const dir = tempDir('synapse-spool-repo-');
  git(dir, 'init', '-q', '-b', 'work');
  writeFileSync(join(dir, '.synapse-project'), `${projectId}\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Initial commit');
  return dir;
}

/** A Claude Code hook payload for the fixture transcript; `session` makes each session's text its own. */
function payload(name: string, cwd: string, session = '5d9f8a2e'): string {
  return readFileSync(fixturePath(name), 'utf8')
    .replace('TRANSCRIPT_PATH', transcript)
    .replace('CWD', cwd)
    .replace('5d9f8a2e-', `${session}-`);
}

function spoolFiles(cacheDir: string): string[] {
  const root = join(cacheDir, 'spool');
  return existsSync(root) ? readdirSync(root).flatMap((dir) => readdirSync(join(root, dir))) : [];
}

/** Runs `count` tasks, at most `parallel` at a time (the machine is shared). */
async function inBatches<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += parallel) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, j) => task(start + j)))));
  }
  return results;
}

describe('the spool, through real processes', () => {
  let gw: AgentGateway;
  let relay: TcpRelay;
  let url: string;
  let synapse: Synapse;
  before(async () => {
    gw = await startAgentGateway({ env: { SYNAPSE_TOKEN_PER_MIN: '10' } }); // the default token limit
    relay = new TcpRelay({ host: '127.0.0.1', port: Number(new URL(gw.url).port) });
    await relay.start();
    url = `http://127.0.0.1:${relay.port}`;
    synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, env: {} });
  });
  after(async () => {
    await relay.cut();
    await gw.close();
    removeTempDirs();
  });

  const hookEnv = (cacheDir: string, extra: Record<string, string> = {}) => ({
    SYNAPSE_GATEWAY_URL: url,
    SYNAPSE_API_KEY: gw.userKey,
    SYNAPSE_CACHE_DIR: cacheDir,
    ...extra,
  });
  const milestones = async (projectId: string, branch = 'work'): Promise<Milestone[]> =>
    (await synapse.recall(projectId, { view: 'branch', branch, limit: 100 })).milestones ?? [];
  const hook = (event: string, cwd: string, cacheDir: string, stdin = ''): Promise<CliResult> =>
    runSynapse(['hook', event], { env: hookEnv(cacheDir), cwd, stdin });

  test('gateway stopped mid-session: session-end spools; back again: the next hook run delivers it once', async (t) => {
    const repo = workTree('outage');
    const cache = tempDir('synapse-cache-');
    await relay.cut();
    const down = await hook('session-end', repo, cache, payload('session-end.json', repo));
    t.diagnostic(`session-end with the gateway stopped: ${down.elapsedMs} ms`);
    assert.equal(down.code, 0);
    assert.equal(down.stdout, '');
    assert.ok(down.elapsedMs < 2_000, `took ${down.elapsedMs} ms`);
    assert.match(down.stderr, /^synapse: session-end hook could not store its milestone \(cannot reach the gateway: ECONNREFUSED\); spooled, 1 milestone waiting/);
    assert.equal(spoolFiles(cache).length, 1);

    const status = await runSynapse(['status'], { env: hookEnv(cache) });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`^gateway +${url}: not answering \\(ECONNREFUSED\\)$`, 'm'));
    assert.match(status.stdout, /^token +none cached: the next call exchanges SYNAPSE_API_KEY for one$/m);
    assert.match(status.stdout, /^spool +1 milestone waiting, oldest spooled just now \(session-end for outage\/work\); `synapse sync` delivers them$/m);
    assert.match(status.stdout, /^last problem +just now: synapse: session-end hook could not store its milestone/m);

    await relay.start();
    const back = await hook('session-start', repo, cache, payload('session-start.json', repo));
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /project 'outage' has no memory yet/, 'the context was printed before delivering');
    assert.equal(back.stderr, `synapse: delivered 1 spooled milestone to ${url}\n`);
    const [stored, ...others] = await milestones('outage');
    assert.deepEqual(others, []);
    assert.match(stored!.thisContribution, /^Session 5d9f8a2e: 2 requests/);
    assert.deepEqual(spoolFiles(cache), []);

    const again = await hook('session-start', repo, cache, payload('session-start.json', repo));
    assert.match(again.stdout, /^<synapse-memory project="outage" branch="work">/);
    assert.equal(again.stderr, '', 'nothing left to deliver');
    assert.equal((await milestones('outage')).length, 1, 'delivered exactly once');

    const after = await runSynapse(['status', '--json'], { env: hookEnv(cache) });
    const json = JSON.parse(after.stdout);
    assert.equal(json.gateway.answering, true);
    assert.equal(json.token.source, 'cache');
    assert.ok(Date.parse(json.token.expiresAt) > Date.now() + 86_000_000);
    assert.equal(json.spool.waiting, 0);
  });

  test('post-commit with the gateway stopped or hanging: silent in git\'s output, spooled, within 2 s', async (t) => {
    const repo = workTree('quiet');
    const cache = tempDir('synapse-cache-');
    const hanging = await silentServer();
    try {
      for (const [state, gatewayUrl] of [['stopped', 'http://127.0.0.1:9'], ['hanging', `http://127.0.0.1:${hanging.port}`]] as const) {
        git(repo, 'commit', '-q', '--allow-empty', '-m', `A commit while the gateway is ${state}`);
        const result = await runSynapse(['hook', 'post-commit'], { env: hookEnv(cache, { SYNAPSE_GATEWAY_URL: gatewayUrl }), cwd: repo });
        t.diagnostic(`post-commit with the gateway ${state}: ${result.elapsedMs} ms`);
        assert.equal(result.code, 0);
        assert.equal(result.stdout + result.stderr, '', 'git would print either');
        assert.ok(result.elapsedMs < 2_000, `${state}: took ${result.elapsedMs} ms`);
      }
      assert.equal(spoolFiles(cache).length, 2, 'one spool per gateway URL, one entry in each');
    } finally {
      await hanging.close();
    }
  });

  test('a gateway answering 429 or 503: the milestone is spooled, not dropped', async () => {
    const repo = workTree('overloaded');
    for (const [status, type] of [[429, 'rate_limit_error'], [503, 'service_unavailable']] as const) {
      const cache = tempDir('synapse-cache-');
      const server = createServer((_request, response) => {
        response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '30' });
        response.end(JSON.stringify({ error: { message: `busy (${status})`, type, retry_after_secs: 30 } }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const busyUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        const result = await runSynapse(['hook', 'session-end'], { env: hookEnv(cache, { SYNAPSE_GATEWAY_URL: busyUrl }), cwd: repo, stdin: payload('session-end.json', repo) });
        assert.equal(result.code, 0);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, new RegExp(`could not store its milestone \\(busy \\(${status}\\) \\(${type}, ${status}\\)\\); spooled, 1 milestone waiting`));
        assert.equal(spoolFiles(cache).length, 1);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });

  test('a milestone the gateway refuses for good is kept aside, shown by status, and tried again by sync', async () => {
    const repo = workTree('closed');
    const cache = tempDir('synapse-cache-');
    await synapse.projects.create({ projectId: 'closed', name: 'closed' });
    await synapse.branches.create('closed', { branchName: 'work' });
    await synapse.branches.abandon('closed', 'work', 'superseded');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'Work on an abandoned branch');
    const result = await hook('post-commit', repo, cache);
    assert.equal(result.code, 0);
    assert.equal(result.stdout + result.stderr, '');
    assert.deepEqual(spoolFiles(cache).map((name) => name.endsWith('.rejected.json')), [true]);
    const status = await runSynapse(['status'], { env: hookEnv(cache) });
    assert.match(status.stdout, /^spool +empty/m);
    assert.match(status.stdout, /^refused +closed\/work, spooled just now by post-commit: branch 'work' .*\(conflict, 409\) \(retry with `synapse sync`\)$/m);
    const sync = await runSynapse(['sync'], { env: hookEnv(cache) });
    assert.equal(sync.code, 1);
    assert.match(sync.stdout, /^refused: closed\/work, spooled just now by post-commit: branch 'work' /m);
    assert.match(sync.stdout, /0 milestones delivered to .*, 0 waiting, 1 refused by the gateway/);
    assert.equal(spoolFiles(cache).length, 1, 'still kept');
  });

  test('`synapse sync` delivers what waits, oldest first, exactly once, and says what it did', async () => {
    const repo = workTree('syncing');
    const cache = tempDir('synapse-cache-');
    await relay.cut();
    for (const subject of ['First change', 'Second change']) {
      git(repo, 'commit', '-q', '--allow-empty', '-m', subject);
      assert.equal((await hook('post-commit', repo, cache)).code, 0);
    }
    assert.equal((await hook('session-end', repo, cache, payload('session-end.json', repo))).code, 0);
    const refused = await runSynapse(['sync'], { env: hookEnv(cache) });
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^stopped: the gateway cannot take milestones now \(cannot reach the gateway: ECONNREFUSED\)$/m);
    assert.match(refused.stdout, new RegExp(`^0 milestones delivered to ${url}, 3 waiting$`, 'm'));

    // One reached the gateway but its answer was lost, so it was spooled too: sync must not store it again.
    await relay.start();
    const spool = MilestoneSpool.forGateway(cache, url);
    const lost = newSpoolEntry(url, 'post-commit', {
      projectId: 'syncing', branchName: 'work', thisContribution: 'Stored, answer lost', progressLine: '- lost', agentId: 'git:dev', agentType: 'git',
    }, Date.now() + 1_000);
    await spool.add(lost);
    await synapse.projects.create({ projectId: 'syncing', name: 'syncing' });
    const stored = await synapse.store('syncing', { branchName: 'work', thisContribution: 'Stored, answer lost', agentId: 'git:dev' }, { idempotencyKey: lost.idempotencyKey });

    const synced = await runSynapse(['sync'], { env: hookEnv(cache) });
    assert.equal(synced.code, 0, synced.stderr);
    const lines = synced.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5, synced.stdout);
    assert.match(lines[0]!, /^delivered ms-\S+ \(#2\) to syncing\/work, spooled (just now|\d+ \w+ ago) by post-commit$/);
    assert.match(lines[2]!, /\(#4\) .* by session-end$/);
    assert.match(lines[3]!, new RegExp(`^delivered ${stored.milestoneId} \\(#1\\) `), 'the lost answer is replayed, not stored twice');
    assert.equal(lines[4], `4 milestones delivered to ${url}, 0 waiting`);
    const texts = (await milestones('syncing')).reverse().map((m) => m.thisContribution.split('\n')[0]);
    assert.equal(texts.length, 4);
    assert.equal(texts[0], 'Stored, answer lost');
    assert.match(texts[1]!, /: First change$/);
    assert.match(texts[2]!, /: Second change$/);
    assert.match(texts[3]!, /^Session 5d9f8a2e/);

    const nothing = await runSynapse(['sync'], { env: hookEnv(cache) });
    assert.equal(nothing.code, 0);
    assert.equal(nothing.stdout, `nothing to deliver: no milestones spooled for ${url}\n`);
  });

  test('parallel processes neither lose nor repeat spool entries', async (t) => {
    const repo = workTree('parallel');
    const cache = tempDir('synapse-cache-');
    const sessions = Array.from({ length: 12 }, (_, i) => `a11ce${String(i).padStart(3, '0')}`);
    await relay.cut();
    const spooling = await inBatches(12, 6, (i) => hook('session-end', repo, cache, payload('session-end.json', repo, sessions[i])));
    assert.ok(spooling.every((r) => r.code === 0 && r.stdout === ''));
    assert.equal(spoolFiles(cache).length, 12, 'six writers at once, twelve entries');

    await relay.start();
    // Four deliverers at once, each claiming entries by renaming them: every entry goes to exactly one.
    const syncs = await Promise.all(Array.from({ length: 4 }, () => runSynapse(['sync', '--json'], { env: hookEnv(cache) })));
    const counts = syncs.map((r) => JSON.parse(r.stdout).delivered.length as number);
    t.diagnostic(`4 parallel syncs delivered ${counts.join(' + ')} entries`);
    assert.ok(syncs.every((r) => r.code === 0), syncs.map((r) => r.stdout + r.stderr).join(''));
    assert.equal(counts.reduce((a, b) => a + b, 0), 12);
    assert.deepEqual(spoolFiles(cache), []);
    // A second delivery would be a 13th milestone: rebuilt on the branch's newer progress, only its key makes it one.
    const stored = await milestones('parallel');
    assert.deepEqual(stored.map((m) => m.thisContribution.slice(8, 16)).sort(), sessions, 'each entry stored exactly once');
  });

  test('30 hook runs in a minute, default token limit: 30 milestones, a few token exchanges', async (t) => {
    const repo = workTree('busy');
    const cache = tempDir('synapse-cache-');
    const exchangesBefore = await tokenExchanges(gw);
    const started = Date.now();
    const runs = await inBatches(30, 3, (i) => hook('session-end', repo, cache, payload('session-end.json', repo, `b0057${String(i).padStart(3, '0')}`)));
    const elapsed = Date.now() - started;
    // On a loaded machine a run may miss its 2 s deadline and spool; a later run (or sync) delivers it.
    const spooled = runs.filter((r) => /could not store/.test(r.stderr)).length;
    t.diagnostic(`30 session-end runs in ${elapsed} ms, slowest ${Math.max(...runs.map((r) => r.elapsedMs))} ms, ${spooled} spooled on the way`);
    assert.ok(elapsed < 60_000);
    assert.ok(runs.every((r) => r.code === 0 && r.stdout === ''));
    assert.ok(runs.every((r) => !/\brefused\b|\b429\b|rate_limit/.test(r.stderr)), runs.map((r) => r.stderr).join(''));
    assert.equal((await runSynapse(['sync'], { env: hookEnv(cache) })).code, 0);
    assert.equal((await milestones('busy')).length, 30);
    assert.deepEqual(spoolFiles(cache), []);
    const exchanged = (await tokenExchanges(gw)) - exchangesBefore;
    t.diagnostic(`${exchanged} token exchange(s) for 30 runs`);
    // The first three (started at once) exchange, the rest reuse the cached token; a retried exchange may add one.
    assert.ok(exchanged <= 5, `${exchanged} exchanges: far below the 10 per minute the endpoint allows`);
  });
});

/** POST /api/v1/auth/token requests the gateway has answered, from its own metrics registry. */
async function tokenExchanges(gw: AgentGateway): Promise<number> {
  const text = await gw.gateway.deps.metrics.registry.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith('synapse_http_requests_total{') && line.includes('route="/api/v1/auth/token"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
