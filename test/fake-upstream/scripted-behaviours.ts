// Model-name-driven scripted behaviours of the fake upstream (slow, hanging, flaky, rate-limited,
// failing, tool-calling...), in the spirit of TensorZero's dummy provider, so tests can provoke
// every upstream failure mode just by picking a model name.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { openAIError, sendError, waitUnlessClosed, type AttemptMemory } from './http-helpers.js';

export type Behaviour =
  | { kind: 'normal' }
  | { kind: 'slow'; ms: number }
  | { kind: 'hang' }
  | { kind: 'flaky'; failures: number }
  | { kind: 'rate-limit-always' }
  | { kind: 'rate-limit-once' }
  | { kind: 'server-error'; status: 500 | 503 }
  | { kind: 'context-length' }
  | { kind: 'error-midstream' }
  | { kind: 'tools' }
  | { kind: 'not-found' };

const NORMAL: Behaviour = { kind: 'normal' };
const DEFAULT_SLOW_MS = 300;

/** Models listed by GET /v1/models. */
export const LISTED_MODELS: readonly string[] = [
  'gpt-4o',
  'gpt-4o-mini',
  'text-embedding-3-small',
  'fake-slow',
  'fake-hang',
  'fake-flaky',
  'fake-429',
  'fake-429-once',
  'fake-500',
  'fake-503',
  'fake-400',
  'fake-error-midstream',
  'fake-tools',
];

const FIXED: ReadonlyMap<string, Behaviour> = new Map<string, Behaviour>([
  ['fake-slow', { kind: 'slow', ms: DEFAULT_SLOW_MS }],
  ['fake-hang', { kind: 'hang' }],
  ['fake-flaky', { kind: 'flaky', failures: 1 }],
  ['fake-429', { kind: 'rate-limit-always' }],
  ['fake-429-once', { kind: 'rate-limit-once' }],
  ['fake-500', { kind: 'server-error', status: 500 }],
  ['fake-503', { kind: 'server-error', status: 503 }],
  ['fake-400', { kind: 'context-length' }],
  ['fake-error-midstream', { kind: 'error-midstream' }],
  ['fake-tools', { kind: 'tools' }],
  ['fake-missing-model', { kind: 'not-found' }],
]);

export function behaviourFor(model: string): Behaviour {
  // Cheap check first: ordinary models (the benchmark path) never reach the lookups below.
  if (!model.startsWith('fake-')) return model.startsWith('unknown-') ? { kind: 'not-found' } : NORMAL;
  const fixed = FIXED.get(model);
  if (fixed) return fixed;
  const slow = /^fake-slow-(\d+)$/.exec(model);
  if (slow?.[1] !== undefined) return { kind: 'slow', ms: Number(slow[1]) };
  const flaky = /^fake-flaky-(\d+)$/.exec(model);
  if (flaky?.[1] !== undefined) return { kind: 'flaky', failures: Number(flaky[1]) };
  return NORMAL;
}

/** Key identifying "the same request" across retries: the model plus a hash of the messages/input. */
function attemptKey(model: string, material: string): string {
  return `${model}:${createHash('sha256').update(material).digest('base64')}`;
}

function sendRateLimit(res: ServerResponse, model: string, retryAfter: string): void {
  const message =
    `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): ` +
    `Limit 3, Used 3, Requested 1. Please try again in ${retryAfter}s. ` +
    'Visit https://platform.openai.com/account/rate-limits to learn more.';
  sendError(res, 429, openAIError(message, 'requests', null, 'rate_limit_exceeded'), { 'retry-after': retryAfter });
}

function sendServerError(res: ServerResponse, status: 500 | 503): void {
  const message =
    status === 500
      ? 'The server had an error while processing your request.'
      : 'The server is overloaded or not ready yet.';
  sendError(res, status, openAIError(message, 'server_error'));
}

export function sendModelNotFound(res: ServerResponse, model: string): void {
  const message = `The model \`${model}\` does not exist or you do not have access to it.`;
  sendError(res, 404, openAIError(message, 'invalid_request_error', null, 'model_not_found'));
}

/**
 * Runs the part of a scripted behaviour that happens before (or instead of) a normal answer.
 * Returns true when the caller should go on and answer; false when a response was already sent,
 * the connection is gone, or the request must hang. `material` is only computed when needed.
 */
export async function runScriptedPrelude(
  behaviour: Behaviour,
  res: ServerResponse,
  model: string,
  material: () => string,
  memory: AttemptMemory,
): Promise<boolean> {
  switch (behaviour.kind) {
    case 'slow':
      return waitUnlessClosed(res, behaviour.ms);
    case 'hang':
      // Never answer: the socket stays open until the client gives up or close() destroys it.
      return false;
    case 'flaky':
      if (memory.next(attemptKey(model, material())) > behaviour.failures) return true;
      sendServerError(res, 500);
      return false;
    case 'rate-limit-always':
      sendRateLimit(res, model, '1');
      return false;
    case 'rate-limit-once':
      if (memory.next(attemptKey(model, material())) > 1) return true;
      sendRateLimit(res, model, '0');
      return false;
    case 'server-error':
      sendServerError(res, behaviour.status);
      return false;
    case 'context-length':
      sendError(
        res,
        400,
        openAIError(
          "This model's maximum context length is 10 tokens.",
          'invalid_request_error',
          'messages',
          'context_length_exceeded',
        ),
      );
      return false;
    case 'not-found':
      sendModelNotFound(res, model);
      return false;
    default:
      return true;
  }
}
