// Loads the configuration once at start: defaults, then synapse.config.json (or $SYNAPSE_CONFIG),
// then environment variables. The only module that reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configSchema, type Config } from './schema.js';

export type Environment = Record<string, string | undefined>;

export interface LoadConfigOptions {
  env?: Environment;
  cwd?: string;
  /** Applied last; used by tests and the CLI. */
  overrides?: Record<string, unknown>;
}

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fromFile = readConfigFile(env, cwd);
  const sources: ValueSources = new Map();
  const merged = deepMerge(deepMerge(fromFile, configFromEnv(env, sources)), options.overrides ?? {});
  merged.upstreams = options.overrides?.upstreams ?? withDefaultUpstream(fromFile, env, sources);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const file = Object.keys(fromFile).length > 0 ? resolve(cwd, env.SYNAPSE_CONFIG ?? 'synapse.config.json') : undefined;
    throw new ConfigError(describeIssues(parsed.error.issues, sources, file));
  }
  return parsed.data;
}

/** Config key (dotted path) -> the environment variable that set it and its raw text. */
type ValueSources = Map<string, { variable: string; raw: string }>;

/**
 * One line per problem, naming what the operator has to change: the environment variable when one
 * set the value (`PORT="abc": ...`), else the key in the config file, else the key alone.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[], sources: ValueSources, file: string | undefined): string {
  const lines = issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    const source = sourceOf(key, sources);
    if (source) return `${source.variable}${shownValue(source.variable, source.raw)}: ${issue.message} (config key ${key})`;
    if (file && key) return `"${key}" in ${file}: ${issue.message}`;
    return `${key || 'the configuration'}: ${issue.message}`;
  });
  return lines.length === 1 ? `invalid configuration: ${lines[0]}` : `invalid configuration:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/** The source of a key or of the nearest enclosing key an environment variable set (`modelMap` for `modelMap.x`). */
function sourceOf(key: string, sources: ValueSources): { variable: string; raw: string } | undefined {
  for (let path = key; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    const source = sources.get(path);
    if (source) return source;
  }
  return undefined;
}

/** `="value"`, except for secrets (never echoed) and with a URL's password masked. */
function shownValue(variable: string, raw: string): string {
  if (/SECRET|KEY|PASSWORD/.test(variable)) return '';
  return `=${JSON.stringify(raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@'))}`;
}

function readConfigFile(env: Environment, cwd: string): Record<string, unknown> {
  const explicit = env.SYNAPSE_CONFIG;
  const path = resolve(cwd, explicit ?? 'synapse.config.json');
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`config file not found: ${path}`);
    return {};
  }
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!isPlainObject(value)) throw new ConfigError(`${path} must contain a JSON object`);
    return value;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Environment variable -> config path and parser. */
const envBindings: ReadonlyArray<[string, string, (raw: string) => unknown]> = [
  ['HOST', 'host', String],
  ['PORT', 'port', Number],
  ['SYNAPSE_TRUST_PROXY', 'trustProxy', parseTrustProxy],
  ['SYNAPSE_DATA_DIR', 'dataDir', String],
  ['SYNAPSE_JWT_SECRET', 'jwtSecret', String],
  ['SYNAPSE_TOKEN_LIFETIME_SECS', 'tokenLifetimeSecs', Number],
  ['SYNAPSE_BOOTSTRAP_KEY', 'bootstrapKey', String],
  ['SYNAPSE_OPERATOR_TENANT', 'operatorTenant', String],
  ['SYNAPSE_LOG_LEVEL', 'logLevel', String],
  ['SYNAPSE_ACCESS_LOG', 'accessLog', parseBoolean],
  ['SYNAPSE_HIT_SHORTCUT', 'hitShortcut', parseBoolean],
  ['SYNAPSE_BODY_LIMIT_BYTES', 'bodyLimitBytes', Number],
  ['SYNAPSE_SHUTDOWN_GRACE_MS', 'shutdownGraceMs', Number],
  ['SYNAPSE_MOCK', 'mock', parseBoolean],
  ['SYNAPSE_UPSTREAM_TIMEOUT_MS', 'upstream.timeoutMs', Number],
  ['SYNAPSE_UPSTREAM_MAX_RETRIES', 'upstream.maxRetries', Number],
  ['SYNAPSE_UPSTREAM_RETRY_BASE_MS', 'upstream.retryBaseMs', Number],
  ['SYNAPSE_UPSTREAM_RETRY_MAX_MS', 'upstream.retryMaxMs', Number],
  ['SYNAPSE_UPSTREAM_CONNECTIONS', 'upstream.connections', Number],
  ['SYNAPSE_CACHE_ENABLED', 'cache.enabled', parseBoolean],
  ['SYNAPSE_CACHE_TTL_SECS', 'cache.ttlSecs', Number],
  ['SYNAPSE_CACHE_MAX_TTL_SECS', 'cache.maxTtlSecs', Number],
  ['SYNAPSE_CACHE_MAX_ENTRIES', 'cache.maxEntries', Number],
  ['SYNAPSE_CACHE_MEMORY_ENTRIES', 'cache.memoryEntries', Number],
  ['SYNAPSE_CACHE_MEMORY_BYTES', 'cache.memoryBytes', Number],
  ['SYNAPSE_CACHE_MAX_ENTRY_BYTES', 'cache.maxEntryBytes', Number],
  ['SYNAPSE_CACHE_DURABILITY', 'cache.durability', String],
  ['SYNAPSE_SEMANTIC_CACHE_ENABLED', 'cache.semantic.enabled', parseBoolean],
  ['SYNAPSE_CACHE_HIT_THRESHOLD', 'cache.semantic.threshold', Number],
  ['SYNAPSE_CACHE_INDEX_BYTES', 'cache.semantic.indexBytes', Number],
  ['SYNAPSE_CACHE_ANN_FROM', 'cache.semantic.annFrom', Number],
  ['SYNAPSE_CACHE_ANN_EF', 'cache.semantic.annEf', Number],
  ['SYNAPSE_CACHE_ANN_SNAPSHOT', 'cache.semantic.annSnapshot', parseBoolean],
  ['SYNAPSE_EMBEDDER', 'embeddings.provider', String],
  ['SYNAPSE_EMBEDDING_MODEL', 'embeddings.model', String],
  ['SYNAPSE_EMBEDDING_BASE_URL', 'embeddings.baseUrl', String],
  ['SYNAPSE_EMBEDDING_API_KEY', 'embeddings.apiKey', String],
  ['SYNAPSE_EMBEDDING_DIMENSIONS', 'embeddings.dimensions', Number],
  ['SYNAPSE_EMBEDDING_BATCH_SIZE', 'embeddings.batchSize', Number],
  ['SYNAPSE_EMBEDDING_TIMEOUT_MS', 'embeddings.timeoutMs', Number],
  ['SYNAPSE_EMBEDDING_MODEL_DIR', 'embeddings.modelDir', String],
  ['SYNAPSE_DATABASE_URL', 'database.url', String],
  ['SYNAPSE_DATABASE_SCHEMA', 'database.schema', String],
  ['SYNAPSE_DATABASE_POOL_SIZE', 'database.poolSize', Number],
  ['SYNAPSE_DATABASE_CONNECT_TIMEOUT_MS', 'database.connectTimeoutMs', Number],
  ['SYNAPSE_DATABASE_STATEMENT_TIMEOUT_MS', 'database.statementTimeoutMs', Number],
  ['SYNAPSE_METRICS_TOKEN', 'metrics.token', String],
  ['SYNAPSE_METRICS_PORT', 'metrics.port', Number],
  ['SYNAPSE_METRICS_HOST', 'metrics.host', String],
  ['SYNAPSE_REDIS_URL', 'redis.url', String],
  ['SYNAPSE_REDIS_PREFIX', 'redis.keyPrefix', String],
  ['SYNAPSE_REDIS_CONNECT_TIMEOUT_MS', 'redis.connectTimeoutMs', Number],
  ['SYNAPSE_REDIS_COMMAND_TIMEOUT_MS', 'redis.commandTimeoutMs', Number],
  ['SYNAPSE_INTELLIGENCE_MODEL', 'memory.intelligenceModel', String],
  ['SYNAPSE_MODEL_MAP', 'modelMap', parseModelMap],
  ['SYNAPSE_LOG_ENABLED', 'log.enabled', parseBoolean],
  ['SYNAPSE_LOG_BODIES', 'log.bodies', parseBoolean],
  ['SYNAPSE_LOG_RETENTION_DAYS', 'log.retentionDays', Number],
  ['SYNAPSE_RATE_LIMITS_ENABLED', 'rateLimits.enabled', parseBoolean],
  ['SYNAPSE_PROXY_RPS', 'rateLimits.defaults.proxyRps', Number],
  ['SYNAPSE_MEMORY_READ_RPS', 'rateLimits.defaults.memoryReadRps', Number],
  ['SYNAPSE_MEMORY_WRITE_RPS', 'rateLimits.defaults.memoryWriteRps', Number],
  ['SYNAPSE_TOKEN_PER_MIN', 'rateLimits.defaults.tokenPerMin', Number],
  ['SYNAPSE_AUTH_FAILURES_PER_MIN', 'rateLimits.authFailuresPerMin', Number],
];

function configFromEnv(env: Environment, sources: ValueSources): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, path, parse] of envBindings) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    setPath(result, path, parse(raw.trim()));
    sources.set(path, { variable: name, raw: raw.trim() });
  }
  return result;
}

/**
 * The upstreams from the file, followed by the catch-all `OPENAI_*` upstream unless the file
 * already routes `*` and the environment does not name a base URL, and by the Anthropic upstream
 * when ANTHROPIC_BASE_URL or ANTHROPIC_API_KEY is set (unless the file has an Anthropic catch-all).
 */
function withDefaultUpstream(fromFile: Record<string, unknown>, env: Environment, sources: ValueSources): unknown[] {
  const listed = Array.isArray(fromFile.upstreams) ? [...(fromFile.upstreams as unknown[])] : [];
  if (!hasCatchAll(listed, 'openai') || env.OPENAI_BASE_URL) {
    if (env.OPENAI_BASE_URL) sources.set(`upstreams.${listed.length}.baseUrl`, { variable: 'OPENAI_BASE_URL', raw: env.OPENAI_BASE_URL });
    listed.push({
      name: 'default',
      baseUrl: (env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL).replace(/\/+$/, ''),
      ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      models: ['*'],
    });
  }
  const anthropicFromEnv = Boolean(env.ANTHROPIC_BASE_URL?.trim() || env.ANTHROPIC_API_KEY?.trim());
  if (anthropicFromEnv && (!hasCatchAll(listed, 'anthropic') || env.ANTHROPIC_BASE_URL)) {
    if (env.ANTHROPIC_BASE_URL?.trim()) {
      sources.set(`upstreams.${listed.length}.baseUrl`, { variable: 'ANTHROPIC_BASE_URL', raw: env.ANTHROPIC_BASE_URL.trim() });
    }
    listed.push({
      name: 'anthropic',
      kind: 'anthropic',
      baseUrl: (env.ANTHROPIC_BASE_URL?.trim() || DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, ''),
      ...(env.ANTHROPIC_API_KEY?.trim() ? { apiKey: env.ANTHROPIC_API_KEY.trim() } : {}),
      models: ['*'],
    });
  }
  return listed;
}

function hasCatchAll(upstreams: unknown[], kind: 'openai' | 'anthropic'): boolean {
  return upstreams.some(
    (u) => isPlainObject(u) && (u.kind ?? 'openai') === kind && Array.isArray(u.models) && u.models.includes('*'),
  );
}

/** `claude-opus-*=gpt-5.1,claude-haiku-*=gpt-5-mini` -> an object; a malformed pair is left for the schema to reject. */
function parseModelMap(raw: string): unknown {
  const map: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    if (equals === -1) return raw;
    map[pair.slice(0, equals).trim()] = pair.slice(equals + 1).trim();
  }
  return map;
}

/** A hop count (`1`: the one proxy in front; `0`: none), `true`/`false`, or comma-separated addresses and CIDRs. */
function parseTrustProxy(raw: string): unknown {
  if (/^\d+$/.test(raw)) return Number(raw) === 0 ? false : Number(raw);
  const asBoolean = parseBoolean(raw);
  return typeof asBoolean === 'boolean' ? asBoolean : raw;
}

function parseBoolean(raw: string): unknown {
  const lowered = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
  if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
  return raw; // left for the schema to reject with a clear message
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
