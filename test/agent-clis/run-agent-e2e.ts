// End-to-end: the real Claude Code and Codex CLIs (pinned, installed once into a user cache) run
// through a real Synapse gateway on fake upstreams: answers, cache hits on identical runs, no key leak.
// `npm run e2e:agents`; `-- --stand-in` checks the harness itself against a stand-in gateway.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAnswered,
  assertOnlyUpstreamKey,
  assertServedFromCache,
  assertUpstreamCalled,
  describeRun,
  upstreamCallsDuring,
} from './agent-assertions.js';
import { startGatewayWorld, startStandInWorld, UPSTREAM_ANTHROPIC_KEY, UPSTREAM_OPENAI_KEY, type AgentWorld, type WorldOptions } from './agent-world.js';
import { CLAUDE_CODE, CODEX, installCli, type InstalledCli } from './cli-install.js';
import { runClaude, runCodex } from './cli-runners.js';
import { countCalls } from './upstream-view.js';

const STAND_IN = process.argv.includes('--stand-in');
const MESSAGES = '/v1/messages';
const COUNT_TOKENS = '/v1/messages/count_tokens';
const RESPONSES = '/v1/responses';

let claude: InstalledCli;
let codex: InstalledCli;
try {
  [claude, codex] = await Promise.all([installCli(CLAUDE_CODE), installCli(CODEX)]);
} catch (err) {
  console.error(`agent e2e: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
for (const cli of [claude, codex]) {
  const how = cli.installMs === undefined ? 'cached' : `installed in ${cli.installMs} ms`;
  console.log(`# ${cli.cli.npmPackage}@${cli.cli.version} (${how}): ${cli.binary}`);
}

/** One world and one run root per scenario; the root is shared so identical runs send identical paths. */
function scenario(options: WorldOptions): { world: () => AgentWorld; root: () => string } {
  let world: AgentWorld | undefined;
  let root: string | undefined;
  before(async () => {
    world = STAND_IN ? await startStandInWorld() : await startGatewayWorld(options);
    root = mkdtempSync(join(tmpdir(), 'synapse-agent-e2e-'));
  });
  after(async () => {
    await world?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return { world: () => world!, root: () => root! };
}

describe('Claude Code through the gateway, Anthropic upstream', () => {
  const { world, root } = scenario({ anthropicUpstream: true });
  const prompt = 'Say hello to the cache';
  const claudeRun = (p: string, extra: { auth?: 'token'; v1?: boolean } = {}) => {
    const w = world();
    const baseUrl = extra.v1 ? `${w.gatewayUrl}/v1` : w.gatewayUrl;
    return upstreamCallsDuring(w.upstream, MESSAGES, () => runClaude(claude.binary, { baseUrl, prompt: p, key: w.userKey, root: root(), ...(extra.auth ? { auth: extra.auth } : {}) }));
  };

  test('first run answers with the upstream /v1/messages answer', async (t) => {
    const { result, calls } = await claudeRun(prompt);
    t.diagnostic(`claude run: ${result.ms} ms, ${calls} upstream call(s)`);
    assertAnswered(result, prompt);
    assertUpstreamCalled(calls, MESSAGES, result);
  });

  test('an identical second run (fresh HOME, new session) is served from the cache', async (t) => {
    const { result, calls } = await claudeRun(prompt);
    t.diagnostic(`claude run: ${result.ms} ms, ${calls} upstream call(s)`);
    assertAnswered(result, prompt);
    assertServedFromCache(calls, MESSAGES, result);
  });

  test('a new prompt calls the upstream again', async () => {
    const { result, calls } = await claudeRun('Name three colours of the rainbow');
    assertAnswered(result, 'Name three colours of the rainbow');
    assertUpstreamCalled(calls, MESSAGES, result);
  });

  test('a base URL ending in /v1 with ANTHROPIC_AUTH_TOKEN (Bearer) works too', async () => {
    const { result, calls } = await claudeRun('Count from one to five', { auth: 'token', v1: true });
    assertAnswered(result, 'Count from one to five');
    assertUpstreamCalled(calls, MESSAGES, result);
  });

  // Claude Code's default model gets a trailing `role: "system"` turn (beta per-turn-control-2026-07-01);
  // on a 400 it resends the older layout, so each run costs the rejected call again.
  test('the default model (claude-opus-5-5, system turns inside messages): an identical second run is served from the cache', async () => {
    const w = world();
    const opus = (p: string) => upstreamCallsDuring(w.upstream, MESSAGES, () => runClaude(claude.binary, { baseUrl: w.gatewayUrl, prompt: p, key: w.userKey, root: root(), model: 'claude-opus-5-5' }));
    const first = await opus('Say hello with the default model');
    assertAnswered(first.result, 'Say hello with the default model');
    const second = await opus('Say hello with the default model');
    assertAnswered(second.result, 'Say hello with the default model');
    assertServedFromCache(second.calls, MESSAGES, second.result);
  });

  // Claude Code falls back to a local estimate when count_tokens fails, so only the upstream tells.
  test('/context counts tokens through /v1/messages/count_tokens', async () => {
    const w = world();
    const { result, calls } = await upstreamCallsDuring(w.upstream, COUNT_TOKENS, () => runClaude(claude.binary, { baseUrl: w.gatewayUrl, prompt: '/context', key: w.userKey, root: root() }));
    assert.ok(result.code === 0 && result.stdout.includes('Context Usage'), `/context failed: ${describeRun(result)}`);
    assertUpstreamCalled(calls, COUNT_TOKENS, result);
  });

  test('the Synapse key never reaches the upstream, which sees its own key', () => {
    assertOnlyUpstreamKey(world().upstream, world().userKey, MESSAGES, UPSTREAM_ANTHROPIC_KEY);
    assertOnlyUpstreamKey(world().upstream, world().userKey, COUNT_TOKENS, UPSTREAM_ANTHROPIC_KEY);
  });
});

describe('Claude Code through the gateway, translated to chat completions', { skip: STAND_IN && 'needs the real gateway' }, () => {
  const { world, root } = scenario({ anthropicUpstream: false });

  test('answers through /v1/chat/completions (SYNAPSE_MODEL_MAP claude-*=gpt-4o-mini)', async () => {
    const w = world();
    const prompt = 'Say hello through the translation';
    const run = await runClaude(claude.binary, { baseUrl: w.gatewayUrl, prompt, key: w.userKey, root: root() });
    assertAnswered(run, prompt);
    const chat = countCalls(w.upstream, '/v1/chat/completions');
    assert.ok(chat > 0, `no upstream /v1/chat/completions call: ${describeRun(run)}`);
    assert.equal(countCalls(w.upstream, MESSAGES), 0, 'an upstream /v1/messages call was made without an Anthropic upstream');
    assertOnlyUpstreamKey(w.upstream, w.userKey, '/v1/chat/completions', `Bearer ${UPSTREAM_OPENAI_KEY}`);
  });
});

describe('Codex exec through the gateway, Responses upstream', () => {
  const { world, root } = scenario({ anthropicUpstream: false });
  const prompt = 'Say hello to the cache';
  const codexRun = (p: string) => {
    const w = world();
    return upstreamCallsDuring(w.upstream, RESPONSES, () => runCodex(codex.binary, { baseUrl: `${w.gatewayUrl}/v1`, prompt: p, key: w.userKey, root: root() }));
  };

  test('first run answers with the upstream /v1/responses answer', async (t) => {
    const { result, calls } = await codexRun(prompt);
    t.diagnostic(`codex run: ${result.ms} ms, ${calls} upstream call(s)`);
    assertAnswered(result, prompt);
    assertUpstreamCalled(calls, RESPONSES, result);
  });

  test('an identical second run (fresh CODEX_HOME, new session) is served from the cache', async (t) => {
    const { result, calls } = await codexRun(prompt);
    t.diagnostic(`codex run: ${result.ms} ms, ${calls} upstream call(s)`);
    assertAnswered(result, prompt);
    assertServedFromCache(calls, RESPONSES, result);
  });

  test('a new prompt calls the upstream again', async () => {
    const { result, calls } = await codexRun('Name three colours of the rainbow');
    assertAnswered(result, 'Name three colours of the rainbow');
    assertUpstreamCalled(calls, RESPONSES, result);
  });

  test('the Synapse key never reaches the upstream, which sees its own key', () => {
    assertOnlyUpstreamKey(world().upstream, world().userKey, RESPONSES, `Bearer ${UPSTREAM_OPENAI_KEY}`);
  });
});
