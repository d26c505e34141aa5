// POST /v1/messages and /v1/messages/count_tokens for the fake upstream: Anthropic's Messages API,
// validated like the real one, answered as a message object or as Anthropic's event stream.
import { composeAnswer, usageOf, type MessageAnswer } from './anthropic-answer.js';
import { ANTHROPIC_ERRORS, sendAnthropicJson } from './anthropic-errors.js';
import { parseMessagesRequest, type MessagesRequest } from './anthropic-request.js';
import { streamMessage } from './anthropic-stream.js';
import { newId, type HandlerContext } from './http-helpers.js';
import { behaviourFor, runScriptedPrelude } from './scripted-behaviours.js';

function messageObject(id: string, request: MessagesRequest, answer: MessageAnswer): Record<string, unknown> {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: answer.blocks,
    stop_reason: answer.stopReason,
    stop_sequence: answer.stopSequence,
    usage: usageOf(request, answer.outputTokens),
  };
}

export async function handleAnthropicMessages(ctx: HandlerContext): Promise<void> {
  const request = parseMessagesRequest(ctx, { countTokens: false });
  if (request === undefined) return;
  const behaviour = behaviourFor(request.model);
  // Prefixed so a flaky model's attempts here and on chat with the same messages are counted apart.
  const material = (): string => `messages:${JSON.stringify(request.messages)}`;
  const prelude = { res: ctx.res, model: request.model, material, memory: ctx.memory, dialect: ANTHROPIC_ERRORS };
  if (!(await runScriptedPrelude(behaviour, prelude))) return;
  const answer = composeAnswer(request, behaviour);
  const id = newId('msg_');
  if (request.stream) await streamMessage(ctx.res, { id, request, answer, breakMidstream: behaviour.kind === 'error-midstream' });
  else sendAnthropicJson(ctx.res, 200, messageObject(id, request, answer));
}

/** Counts what /v1/messages would report as usage.input_tokens; only an unknown model fails (no other scripting). */
export function handleCountTokens(ctx: HandlerContext): void {
  const request = parseMessagesRequest(ctx, { countTokens: true });
  if (request === undefined) return;
  if (behaviourFor(request.model).kind === 'not-found') {
    ANTHROPIC_ERRORS.sendFailure(ctx.res, { kind: 'model-not-found' }, request.model);
    return;
  }
  sendAnthropicJson(ctx.res, 200, { input_tokens: request.inputTokens });
}
