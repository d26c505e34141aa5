// Session hooks fed recorded Claude Code payloads and a small transcript, checked by the
// milestones they store; the git post-commit hook; and failing open when the gateway is away (the
// milestone spooled, nothing on stdout, nothing in git's output, within 2 s).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Synapse, type Milestone } from '../../src/sdk/index.js';
import { fixturePath, removeTempDirs, runSynapse, startAgentGateway, tempDir, type AgentGateway } from './helpers/agent-kit.js';

const SESSION = '5d9f8a2e';

function payload(name: string, transcriptPath: string, cwd: string): string {
  return readFileSync(fixturePath(name), 'utf8').replace('TRANSCRIPT_PATH', transcriptPath).replace('CWD', cwd);
}

function sh(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

/** A git work tree on branch feature/rate-limit with a .synapse-project naming `widgets`. */
function workTree(projectId = 'widgets'): string {
  const dir = tempDir('synapse-hooks-');
  sh(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, '.synapse-project'), `# the Synapse project of this repository\n${projectId}\n`);
  writeFileSync(join(dir, 'README.md'), '# widgets\n');
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', 'Initial commit');
  sh(dir, 'checkout', '-q', '-b', 'feature/rate-limit');
  return dir;
}

describe('session hooks against a running gateway', () => {
  let gw: AgentGateway;
  let synapse: Synapse;
  let env: Record<string, string>;
  let repo: string;
  const transcript = fixturePath('claude-session.jsonl');

  before(async () => {
    gw = await startAgentGateway();
    synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, env: {} });
    env = { SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_API_KEY: gw.userKey };
    repo = workTree();
  });
  after(async () => {
    await gw.close();
    removeTempDirs();
  });

  const latest = async (projectId: string, branch: string): Promise<Milestone[]> =>
    (await synapse.recall(projectId, { view: 'branch', branch, limit: 10 })).milestones ?? [];

  test('session-end stores what the session did, creating the project on first use', async () => {
    const result = await runSynapse(['hook', 'session-end'], { env, cwd: repo, stdin: payload('session-end.json', transcript, repo) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const [milestone] = await latest('widgets', 'feature/rate-limit');
    assert.ok(milestone, 'a milestone on the git branch of the .synapse-project project');
    assert.equal(milestone.agentType, 'claude-code');
    assert.equal(milestone.branchPurpose, 'Work on feature/rate-limit');
    const text = milestone.thisContribution;
    assert.match(text, new RegExp(`^Session ${SESSION}: 2 requests, 2 files changed, 2 commands, 1 commit\\.`));
    assert.match(text, /- Add a token bucket rate limiter to the widgets API/);
    assert.match(text, /- Looks good\. Also return a Retry-After header/);
    assert.match(text, /Files changed: src\/middleware\/rate-limit\.ts, src\/server\.ts/);
    assert.match(text, /Commands run: `npm test`; `git add -A && git commit/);
    assert.match(text, /Commits: 1a2b3c4 Add token bucket rate limiter with Retry-After/);
    assert.match(text, /Outcome: Done: the widgets API now limits each client/);
    assert.doesNotMatch(text, /command-name|Total cost|src\/server\.ts.*src\/server\.ts/, 'plumbing and reads are left out');
    assert.equal(milestone.cumulativeProgress, '- 2026-02-10: Add a token bucket rate limiter to the widgets API, 10 requests per second per client. (2 files changed); committed 1a2b3c4');
  });

  test('pre-compact stores a checkpoint whose progress builds on the previous milestone', async () => {
    const result = await runSynapse(['hook', 'pre-compact'], { env, cwd: repo, stdin: payload('pre-compact.json', transcript, repo) });
    assert.equal(result.code, 0, result.stderr);
    const [checkpoint, previous] = await latest('widgets', 'feature/rate-limit');
    assert.match(checkpoint!.thisContribution, new RegExp(`^Checkpoint before compaction of session ${SESSION}:`));
    assert.equal(checkpoint!.sequenceNumber, previous!.sequenceNumber + 1);
    const lines = checkpoint!.cumulativeProgress.split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], previous!.cumulativeProgress);
  });

  test('session-start prints roadmap, progress, latest milestones and open branches', async () => {
    await synapse.projects.updateRoadmap('widgets', '1. Rate limiting\n2. Billing');
    await synapse.branches.create('widgets', { branchName: 'spike/billing', purpose: 'Try Stripe metered billing' });
    const result = await runSynapse(['hook', 'session-start'], { env, cwd: repo, stdin: payload('session-start.json', transcript, repo) });
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, /^<synapse-memory project="widgets" branch="feature\/rate-limit">/);
    assert.match(out, /## Roadmap\n1\. Rate limiting\n2\. Billing/);
    assert.match(out, /## Progress so far\n- 2026-02-10: Add a token bucket/);
    assert.match(out, /## Latest milestones on feature\/rate-limit \(newest first\)\n- #2 just now by claude-code: Checkpoint before compaction/);
    assert.match(out, /- #1 just now by claude-code: Session 5d9f8a2e/);
    assert.match(out, /## Other open branches\n(- .*\n)*- spike\/billing \(from main\): Try Stripe metered billing/);
    assert.match(out, /<\/synapse-memory>\n$/);
    assert.equal(result.stderr, '');
  });

  test('session-start for a project without memory says so and exits 0', async () => {
    const result = await runSynapse(['hook', 'session-start'], {
      env: { ...env, SYNAPSE_PROJECT_ID: 'brand-new' },
      cwd: repo,
      stdin: payload('session-start.json', transcript, repo),
    });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /project 'brand-new' has no memory yet/);
  });

  test('with SYNAPSE_SUMMARY_MODEL the summary is written by the LLM through the gateway', async () => {
    const result = await runSynapse(['hook', 'session-end'], {
      env: { ...env, SYNAPSE_PROJECT_ID: 'widgets-llm', SYNAPSE_SUMMARY_MODEL: 'gpt-4o-mini' },
      cwd: repo,
      stdin: payload('session-end.json', transcript, repo),
    });
    assert.equal(result.code, 0, result.stderr);
    const [milestone] = await latest('widgets-llm', 'feature/rate-limit');
    // The fake upstream echoes the prompt it was given: proof the digest went to the model.
    assert.match(milestone!.thisContribution, new RegExp(`^Session ${SESSION}: Echo: Session ${SESSION}: 2 requests`));
    assert.match(milestone!.thisContribution, /\nFiles changed: src\/middleware\/rate-limit\.ts, src\/server\.ts/);
    assert.ok(gw.upstream.calls.some((call) => call.model === 'gpt-4o-mini'));
  });

  test('a session with nothing in it stores nothing', async () => {
    const empty = join(tempDir(), 'empty.jsonl');
    writeFileSync(empty, readFileSync(transcript, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const before = (await synapse.projects.get('widgets')).milestoneCount;
    const result = await runSynapse(['hook', 'session-end'], { env, cwd: repo, stdin: payload('session-end.json', empty, repo) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await synapse.projects.get('widgets')).milestoneCount, before);
  });

  test('post-commit stores one milestone per commit and skips merges', async () => {
    const project = workTree('widgets-git');
    writeFileSync(join(project, 'limit.ts'), 'export const LIMIT = 10;\n');
    sh(project, 'add', '-A');
    sh(project, 'commit', '-q', '-m', 'Add the rate limit constant', '-m', 'Ten per second, per client.');
    const hookEnv = { ...env, GIT_AUTHOR_EMAIL: 'dev@example.com' };
    const result = await runSynapse(['hook', 'post-commit'], { env: hookEnv, cwd: project });
    assert.equal(result.code, 0, result.stderr);
    const [milestone] = await latest('widgets-git', 'feature/rate-limit');
    const sha = sh(project, 'rev-parse', '--short=7', 'HEAD').trim();
    assert.equal(milestone!.thisContribution, `Commit ${sha} by Dev: Add the rate limit constant\n\nTen per second, per client.\n\nFiles changed (1): limit.ts`);
    assert.equal(milestone!.agentId, 'git:dev@example.com');
    assert.equal(milestone!.cumulativeProgress, `- ${sha} Add the rate limit constant`);

    sh(project, 'checkout', '-q', 'main');
    writeFileSync(join(project, 'other.ts'), 'export {};\n');
    sh(project, 'add', '-A');
    sh(project, 'commit', '-q', '-m', 'Unrelated change on main');
    sh(project, 'merge', '-q', '--no-ff', '-m', 'Merge feature/rate-limit', 'feature/rate-limit');
    const merge = await runSynapse(['hook', 'post-commit'], { env: hookEnv, cwd: project });
    assert.equal(merge.code, 0, merge.stderr);
    assert.equal(merge.stderr, '');
    await assert.rejects(synapse.recall('widgets-git', { view: 'branch', branch: 'main', limit: 5 }).then((r) => {
      if (!r.milestones?.length) throw new Error('no milestones on main');
    }));
  });
});

describe('hooks fail open', () => {
  let repo: string;
  let unreachable: string;
  let silent: Server;
  let silentUrl: string;
  const transcript = fixturePath('claude-session.jsonl');

  before(async () => {
    repo = workTree();
    // A port nobody listens on: the gateway is stopped.
    const gw = await startAgentGateway();
    unreachable = gw.url;
    await gw.close();
    // A server that accepts connections and never answers: the gateway hangs.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  after(async () => {
    silent.close();
    removeTempDirs();
  });

  const spooled = (cacheDir: string): string[] => {
    const spool = join(cacheDir, 'spool');
    return existsSync(spool) ? readdirSync(spool).flatMap((dir) => readdirSync(join(spool, dir))) : [];
  };

  for (const [event, fixture] of [
    ['session-start', 'session-start.json'],
    ['session-end', 'session-end.json'],
    ['pre-compact', 'pre-compact.json'],
    ['post-commit', undefined],
  ] as const) {
    for (const [state, url] of [['stopped', () => unreachable], ['hanging', () => silentUrl]] as const) {
      test(`${event} with the gateway ${state}: exit 0 within 2 s, nothing on stdout, the milestone spooled`, async () => {
        const cacheDir = tempDir('synapse-cache-');
        const result = await runSynapse(['hook', event], {
          env: { SYNAPSE_GATEWAY_URL: url(), SYNAPSE_API_KEY: 'sk-syn-whatever-0000000000000000000000000', SYNAPSE_CACHE_DIR: cacheDir },
          cwd: repo,
          stdin: fixture ? payload(fixture, transcript, repo) : '',
        });
        assert.equal(result.code, 0);
        assert.equal(result.stdout, '', 'nothing reaches the agent\'s context');
        assert.ok(result.elapsedMs < 2_000, `took ${result.elapsedMs} ms`);
        if (event === 'session-start') {
          assert.match(result.stderr, new RegExp(`^synapse: ${event} hook skipped \\(.+\\); continuing without memory\n$`));
          assert.deepEqual(spooled(cacheDir), []);
        } else if (event === 'post-commit') {
          assert.equal(result.stderr, '', 'nothing in git\'s output');
          assert.equal(spooled(cacheDir).length, 1);
          assert.match(readFileSync(join(cacheDir, 'hook-problems.log'), 'utf8'), /post-commit hook could not store its milestone .*; spooled, 1 milestone waiting/);
        } else {
          const pattern = `^synapse: ${event} hook could not store its milestone \\(.+\\); spooled, 1 milestone waiting for the next hook run or \`synapse sync\`\n$`;
          assert.match(result.stderr, new RegExp(pattern));
          assert.equal(spooled(cacheDir).length, 1);
        }
      });
    }
  }
});
