// Assertions of the agent e2e, each failing with what a reader needs to see: the CLI's exit, the
// end of its output, and which upstream calls were (or were not) made and with which credential.
import assert from 'node:assert/strict';
import type { CliRun } from './cli-runners.js';
import { countCalls, credentialsOn, findSecret, type UpstreamView } from './upstream-view.js';

function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

export function describeRun(run: CliRun): string {
  const how = run.timedOut ? `timed out after ${run.ms} ms` : `exit ${String(run.code)}${run.signal ? ` (${run.signal})` : ''} after ${run.ms} ms`;
  return `${how}\n--- stdout (end)\n${tail(run.stdout)}\n--- stderr (end)\n${tail(run.stderr)}`;
}

/** Exit 0 and the fake upstream's "Echo: ..." answer, which quotes the prompt, on stdout. */
export function assertAnswered(run: CliRun, prompt: string): void {
  assert.ok(run.code === 0 && !run.timedOut, `the CLI failed: ${describeRun(run)}`);
  assert.ok(run.stdout.includes('Echo:') && run.stdout.includes(prompt), `the CLI did not print the upstream's echo of "${prompt}": ${describeRun(run)}`);
}

/** Runs `body` and returns how many upstream calls on `path` it caused. */
export async function upstreamCallsDuring<T>(upstream: UpstreamView, path: string, body: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const before = countCalls(upstream, path);
  const result = await body();
  return { result, calls: countCalls(upstream, path) - before };
}

export function assertUpstreamCalled(calls: number, path: string, run: CliRun): void {
  assert.ok(calls > 0, `expected upstream ${path} calls, saw none (a cache hit where a miss was due?): ${describeRun(run)}`);
}

export function assertServedFromCache(calls: number, path: string, run: CliRun): void {
  assert.equal(calls, 0, `an identical run made ${calls} upstream ${path} call(s); every call should have been a cache hit: ${describeRun(run)}`);
}

/** The Synapse key appears nowhere upstream, and every call on `path` carried the upstream's own key. */
export function assertOnlyUpstreamKey(upstream: UpstreamView, synapseKey: string, path: string, upstreamCredential: string): void {
  assert.deepEqual(findSecret(upstream, synapseKey), [], 'the Synapse key reached the upstream');
  const seen = credentialsOn(upstream, path);
  assert.ok(seen.length > 0, `no upstream ${path} call was recorded`);
  assert.deepEqual(new Set(seen), new Set([upstreamCredential]), `upstream ${path} calls carried other credentials`);
}
