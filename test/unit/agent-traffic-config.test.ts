// The configuration and routing rules of agent traffic: the Anthropic upstream from ANTHROPIC_*,
// SYNAPSE_MODEL_MAP, which header carries the Synapse credential and which a provider key, and
// where a Messages request goes (native, mapped or translated under its own name).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { ModelMap } from '../../src/domain/proxy/model-map.js';
import { routeMessages } from '../../src/domain/proxy/messages-routing.js';
import { cameFromGateway, newGatewayId } from '../../src/domain/proxy/upstream-loop.js';
import { isSynapseCredential, readCredentials } from '../../src/http/credentials.js';
import type { MessagesRequest } from '../../src/protocols/anthropic/messages-types.js';
import type { UpstreamProvider } from '../../src/providers/upstream-provider.js';
import { UpstreamRouter } from '../../src/providers/upstream-router.js';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: '/nonexistent-synapse-dir' });
const jwtWith = (claims: object) =>
  ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'c2lnbmF0dXJl'].join('.');

describe('configuration', () => {
  test('ANTHROPIC_BASE_URL or ANTHROPIC_API_KEY adds an Anthropic catch-all; neither adds none', () => {
    assert.deepEqual(load({}).upstreams.map((u) => u.kind), ['openai']);
    const byKey = load({ ANTHROPIC_API_KEY: 'sk-ant-1' }).upstreams.find((u) => u.kind === 'anthropic')!;
    assert.equal(byKey.baseUrl, 'https://api.anthropic.com');
    assert.equal(byKey.apiKey, 'sk-ant-1');
    const byUrl = load({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' }).upstreams.find((u) => u.kind === 'anthropic')!;
    assert.equal(byUrl.baseUrl, 'http://127.0.0.1:9', 'the root, trailing slash dropped');
    assert.equal(byUrl.apiKey, undefined);
  });

  test('SYNAPSE_MODEL_MAP is read into pairs; a malformed map is a configuration error', () => {
    assert.deepEqual(load({ SYNAPSE_MODEL_MAP: 'claude-opus-*=gpt-5.1, claude-haiku-*=gpt-5-mini' }).modelMap, {
      'claude-opus-*': 'gpt-5.1',
      'claude-haiku-*': 'gpt-5-mini',
    });
    assert.throws(() => load({ SYNAPSE_MODEL_MAP: 'claude-opus-*' }), ConfigError);
    assert.throws(() => load({ SYNAPSE_MODEL_MAP: 'claude-opus-*=' }), ConfigError);
  });
});

describe('ModelMap', () => {
  const map = new ModelMap({ 'claude-opus-*': 'gpt-5.1', 'claude-*-4-5': 'gpt-5-mini', exact: 'mapped' });
  test('wildcards match any run of characters, the first pattern wins, the rest is unmapped', () => {
    assert.equal(map.map('claude-opus-4-1'), 'gpt-5.1');
    assert.equal(map.map('claude-opus-4-5'), 'gpt-5.1');
    assert.equal(map.map('claude-haiku-4-5'), 'gpt-5-mini');
    assert.equal(map.map('exact'), 'mapped');
    assert.equal(map.map('exactly'), undefined);
    assert.equal(map.map('gpt-4o'), undefined);
  });
  test('regular-expression characters in a pattern are literal', () => {
    assert.equal(new ModelMap({ 'a.b': 'x' }).map('aXb'), undefined);
    assert.equal(new ModelMap({ 'a.b': 'x' }).map('a.b'), 'x');
  });
});

describe('readCredentials', () => {
  test('a bearer is the Synapse credential; a foreign x-api-key beside it is the provider key', () => {
    assert.deepEqual(readCredentials({ authorization: 'Bearer sk-syn-a', 'x-api-key': 'sk-ant-own' }), { synapse: 'sk-syn-a', providerKey: 'sk-ant-own' });
  });
  test('an x-api-key alone is the Synapse credential, never a provider key', () => {
    assert.deepEqual(readCredentials({ 'x-api-key': 'sk-syn-a' }), { synapse: 'sk-syn-a', providerKey: undefined });
    assert.deepEqual(readCredentials({ 'x-api-key': 'anything' }), { synapse: 'anything', providerKey: undefined });
  });
  test('a Synapse key or token in x-api-key beside a bearer is not forwarded', () => {
    const token = jwtWith({ sub: 'key_1', role: 'user', tenant_id: 't' });
    assert.equal(readCredentials({ authorization: `Bearer ${token}`, 'x-api-key': 'sk-syn-b' }).providerKey, undefined);
    assert.equal(readCredentials({ authorization: 'Bearer sk-syn-a', 'x-api-key': token }).providerKey, undefined);
    assert.equal(readCredentials({ authorization: 'Bearer sk-syn-a', 'x-api-key': 'sk-syn-a' }).providerKey, undefined);
  });
  test('another scheme or an empty bearer leaves x-api-key as the credential', () => {
    assert.deepEqual(readCredentials({ authorization: 'Basic abc', 'x-api-key': 'sk-syn-a' }), { synapse: 'sk-syn-a', providerKey: undefined });
    assert.deepEqual(readCredentials({ authorization: 'Bearer   ' }), { synapse: undefined, providerKey: undefined });
  });
  test('isSynapseCredential: our keys and JWTs with our claims only', () => {
    assert.equal(isSynapseCredential('sk-syn-x'), true);
    assert.equal(isSynapseCredential(jwtWith({ role: 'admin', tenant_id: 'default' })), true);
    assert.equal(isSynapseCredential(jwtWith({ sub: 'someone-else' })), false);
    assert.equal(isSynapseCredential('sk-ant-api03-xyz'), false);
    assert.equal(isSynapseCredential('eyJ.not-base64-json.x'), false);
  });
});

describe('routeMessages', () => {
  const provider = (name: string, kind: UpstreamProvider['kind']): UpstreamProvider => ({
    name,
    kind,
    request: () => Promise.reject(new Error('not called')),
    close: async () => undefined,
  });
  const openai = provider('openai', 'openai');
  const anthropic = provider('anthropic', 'anthropic');
  const both = new UpstreamRouter([
    { config: { name: 'openai', kind: 'openai', baseUrl: 'http://o/v1', models: ['*'], headers: {} }, provider: openai },
    { config: { name: 'anthropic', kind: 'anthropic', baseUrl: 'http://a', models: ['claude-*'], headers: {} }, provider: anthropic },
  ]);
  const openaiOnly = new UpstreamRouter([{ config: { name: 'openai', kind: 'openai', baseUrl: 'http://o/v1', models: ['*'], headers: {} }, provider: openai }]);
  const map = new ModelMap({ 'claude-haiku-*': 'gpt-5-mini' });

  test('native when an Anthropic upstream serves the model and the map does not name it', () => {
    const route = routeMessages('claude-sonnet-4-5', both, map);
    assert.equal(route.native, true);
    assert.equal(route.provider, anthropic);
    assert.equal(route.protocol.upstreamKind, 'anthropic');
  });
  test('a mapped model is translated to its target even when an Anthropic upstream exists', () => {
    const route = routeMessages('claude-haiku-4-5', both, map);
    assert.equal(route.native, false);
    assert.equal(route.provider, openai);
    const call = JSON.parse(route.protocol.upstreamCall({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, false).body);
    assert.equal(call.model, 'gpt-5-mini');
  });
  test('without an Anthropic upstream an unmapped model is translated under its own name', () => {
    const route = routeMessages('claude-sonnet-4-5', openaiOnly, map);
    assert.equal(route.native, false);
    const call = JSON.parse(route.protocol.upstreamCall({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, true).body);
    assert.equal(call.model, 'claude-sonnet-4-5');
    assert.equal(call.stream, true);
    assert.deepEqual(call.stream_options, { include_usage: true });
  });
  test('the translated key carries the upstream model, so a new mapping never serves the old answer', () => {
    const body: MessagesRequest = { model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] };
    const a = routeMessages('claude-haiku-4-5', both, map).protocol.keyMaterial(body);
    const b = routeMessages('claude-haiku-4-5', both, new ModelMap({ 'claude-*': 'gpt-4o' })).protocol.keyMaterial(body);
    assert.notDeepEqual(a, b);
  });
});

test('a gateway recognises its own id among forwarded hop headers, and only its own', () => {
  const id = newGatewayId();
  assert.equal(cameFromGateway(id, id), true);
  assert.equal(cameFromGateway(`other, ${id}`, id), true);
  assert.equal(cameFromGateway([id], id), true);
  assert.equal(cameFromGateway(newGatewayId(), id), false);
  assert.equal(cameFromGateway(undefined, id), false);
});
