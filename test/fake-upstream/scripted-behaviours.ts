// Model-name-driven scripted behaviours of the fake upstream (slow, hanging, flaky, rate-limited,
// failing, tool-calling, refusing, empty...), in the spirit of TensorZero's dummy provider, so tests can provoke
// every upstream failure mode just by picking a model name, on every API the fake speaks.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { waitUnlessClosed, type AttemptMemory } from './http-helpers.js';

export type Behaviour =
  | { kind: 'normal' }
  | { kind: 'slow'; ms: number }
  | { kind: 'hang' }
  | { kind: 'flaky'; failures: number }
  | { kind: 'rate-limit-always' }
  | { kind: 'rate-limit-once' }
  | { kind: 'server-error' }
  | { kind: 'overloaded' }
  | { kind: 'context-length' }
  | { kind: 'error-midstream' }
  | { kind: 'tools' }
  /** A refusal without content: chat `refusal`, Anthropic stop_reason `refusal`, a Responses refusal part. */
  | { kind: 'refusal' }
  /** An answer with nothing in it: chat `choices: []`, an Anthropic message or a Response without content. */
  | { kind: 'empty' }
  | { kind: 'not-found' };

/** A failure a behaviour provokes, before each API family words it in its own error shape. */
export type ScriptedFailure =
  | { kind: 'rate-limit'; retryAfter: string }
  | { kind: 'server-error' }
  /** 503 server_error for OpenAI, 529 overloaded_error for Anthropic. */
  | { kind: 'overloaded' }
  | { kind: 'context-length' }
  | { kind: 'model-not-found' };

/** How one API family (OpenAI, Anthropic) sends a scripted failure: status, body and headers. */
export interface ErrorDialect {
  sendFailure(res: ServerResponse, failure: ScriptedFailure, model: string): void;
}

const NORMAL: Behaviour = { kind: 'normal' };
const DEFAULT_SLOW_MS = 300;

/** Models listed by GET /v1/models (OpenAI's listing; Anthropic's adds claude ids). */
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
  'fake-529',
  'fake-400',
  'fake-error-midstream',
  'fake-tools',
  'fake-refusal',
  'fake-empty',
];

const FIXED: ReadonlyMap<string, Behaviour> = new Map<string, Behaviour>([
  ['fake-slow', { kind: 'slow', ms: DEFAULT_SLOW_MS }],
  ['fake-hang', { kind: 'hang' }],
  ['fake-flaky', { kind: 'flaky', failures: 1 }],
  ['fake-429', { kind: 'rate-limit-always' }],
  ['fake-429-once', { kind: 'rate-limit-once' }],
  ['fake-500', { kind: 'server-error' }],
  ['fake-503', { kind: 'overloaded' }],
  ['fake-529', { kind: 'overloaded' }],
  ['fake-400', { kind: 'context-length' }],
  ['fake-error-midstream', { kind: 'error-midstream' }],
  ['fake-tools', { kind: 'tools' }],
  ['fake-refusal', { kind: 'refusal' }],
  ['fake-empty', { kind: 'empty' }],
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

export interface PreludeContext {
  res: ServerResponse;
  model: string;
  /** What makes two requests "the same" for flaky/429-once; computed only when needed. */
  material: () => string;
  memory: AttemptMemory;
  dialect: ErrorDialect;
}

/**
 * Runs the part of a scripted behaviour that happens before (or instead of) a normal answer.
 * Returns true when the caller should go on and answer; false when a response was already sent,
 * the connection is gone, or the request must hang.
 */
export async function runScriptedPrelude(behaviour: Behaviour, ctx: PreludeContext): Promise<boolean> {
  const fail = (failure: ScriptedFailure): false => {
    ctx.dialect.sendFailure(ctx.res, failure, ctx.model);
    return false;
  };
  switch (behaviour.kind) {
    case 'slow':
      return waitUnlessClosed(ctx.res, behaviour.ms);
    case 'hang':
      // Never answer: the socket stays open until the client gives up or close() destroys it.
      return false;
    case 'flaky':
      return ctx.memory.next(attemptKey(ctx.model, ctx.material())) > behaviour.failures || fail({ kind: 'server-error' });
    case 'rate-limit-always':
      return fail({ kind: 'rate-limit', retryAfter: '1' });
    case 'rate-limit-once':
      return ctx.memory.next(attemptKey(ctx.model, ctx.material())) > 1 || fail({ kind: 'rate-limit', retryAfter: '0' });
    case 'server-error':
      return fail({ kind: 'server-error' });
    case 'overloaded':
      return fail({ kind: 'overloaded' });
    case 'context-length':
      return fail({ kind: 'context-length' });
    case 'not-found':
      return fail({ kind: 'model-not-found' });
    default:
      return true;
  }
}
