// A configuration that does not validate names what the operator has to change: the environment
// variable that set the value (secrets never echoed, URL passwords masked), else the key in the
// config file, one line per problem.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'synapse-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function failure(env: Record<string, string>, cwd = dir): string {
  try {
    loadConfig({ env, cwd });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('configuration errors', () => {
  test('a value from the environment names its variable, its value and the config key', () => {
    assert.equal(failure({ PORT: 'abc' }), 'invalid configuration: PORT="abc": Invalid input: expected number, received NaN (config key port)');
    assert.match(failure({ SYNAPSE_UPSTREAM_TIMEOUT_MS: '0' }), /^invalid configuration: SYNAPSE_UPSTREAM_TIMEOUT_MS="0": .* \(config key upstream\.timeoutMs\)$/);
    assert.match(failure({ SYNAPSE_CACHE_ENABLED: 'maybe' }), /^invalid configuration: SYNAPSE_CACHE_ENABLED="maybe": /);
    assert.match(failure({ SYNAPSE_MODEL_MAP: 'claude-*' }), /^invalid configuration: SYNAPSE_MODEL_MAP="claude-\*": .*\(config key modelMap\)$/);
    assert.match(failure({ OPENAI_BASE_URL: 'not a url' }), /^invalid configuration: OPENAI_BASE_URL="not a url": .*\(config key upstreams\.0\.baseUrl\)$/);
  });

  test('secrets are never echoed and URL passwords are masked', () => {
    const secret = failure({ SYNAPSE_JWT_SECRET: 'too-short-secret' });
    assert.match(secret, /^invalid configuration: SYNAPSE_JWT_SECRET: /);
    assert.doesNotMatch(secret, /too-short-secret/);
    const url = failure({ SYNAPSE_DATABASE_URL: 'mysql://admin:hunter2@db/synapse' });
    assert.match(url, /SYNAPSE_DATABASE_URL="mysql:\/\/admin:\*\*\*@db\/synapse": must be a postgres:\/\/ URL/);
    assert.doesNotMatch(url, /hunter2/);
  });

  test('a value from the config file names the key and the file; several problems take a line each', () => {
    const project = mkdtempSync(join(dir, 'project-'));
    writeFileSync(join(project, 'synapse.config.json'), JSON.stringify({ port: 'eighty', cache: { ttlSecs: -1 } }));
    const message = failure({ SYNAPSE_LOG_LEVEL: 'loud' }, project);
    const lines = message.split('\n');
    assert.equal(lines[0], 'invalid configuration:');
    assert.ok(lines.includes(`  "port" in ${join(project, 'synapse.config.json')}: Invalid input: expected number, received string`), message);
    assert.ok(lines.some((line) => line.startsWith(`  "cache.ttlSecs" in ${join(project, 'synapse.config.json')}: `)), message);
    assert.ok(lines.some((line) => line.startsWith('  SYNAPSE_LOG_LEVEL="loud": ')), message);
  });
});
