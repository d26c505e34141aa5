// POST /v1/responses for the fake upstream: OpenAI's Responses API answered as a response object or
// as its event stream, kept in the server's store unless `store` is false.
import { openAIError, newId, sendError, sendJson, type HandlerContext } from './http-helpers.js';
import { openAIErrors } from './openai-errors.js';
import { composeAnswer, responseObject, usageOf } from './responses-answer.js';
import { parseResponsesRequest } from './responses-request.js';
import { streamResponse } from './responses-stream.js';
import { behaviourFor, runScriptedPrelude } from './scripted-behaviours.js';

const RESPONSES_ERRORS = openAIErrors('input');

export async function handleCreateResponse(ctx: HandlerContext): Promise<void> {
  const request = parseResponsesRequest(ctx);
  if (request === undefined) return;
  const previous = request.previousResponseId;
  if (previous !== undefined && ctx.responses.get(previous) === undefined) {
    // A 400 (not a 404) is what the real API answers for an unknown or deleted previous response.
    const message = `Previous response with id '${previous}' not found.`;
    sendError(ctx.res, 400, openAIError(message, 'invalid_request_error', 'previous_response_id', 'previous_response_not_found'));
    return;
  }
  const behaviour = behaviourFor(request.model);
  const material = (): string => `responses:${JSON.stringify(request.body['input'])}`;
  const prelude = { res: ctx.res, model: request.model, material, memory: ctx.memory, dialect: RESPONSES_ERRORS };
  if (!(await runScriptedPrelude(behaviour, prelude))) return;
  const answer = composeAnswer(request, behaviour);
  const state = { id: newId('resp_'), createdAt: Math.floor(Date.now() / 1000) };
  const completed = responseObject(request, { ...state, status: 'completed', output: answer.output, usage: usageOf(request, answer) });
  const store = (): void => {
    if (request.store) ctx.responses.save({ response: completed, inputItems: request.items, background: request.background });
  };
  if (!request.stream) {
    store();
    sendJson(ctx.res, 200, completed);
    return;
  }
  const inProgress = responseObject(request, { ...state, status: 'in_progress', output: [], usage: null });
  const streamed = { request, inProgress, completed, output: answer.output, breakMidstream: behaviour.kind === 'error-midstream' };
  if (await streamResponse(ctx.res, streamed)) store();
}
