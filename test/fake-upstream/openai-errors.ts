// OpenAI's wording of the fake upstream's scripted failures (429 rate_limit_exceeded, 500/503
// server_error, 400 context_length_exceeded, 404 model_not_found), for every OpenAI route.
import type { ServerResponse } from 'node:http';
import { openAIError, sendError } from './http-helpers.js';
import type { ErrorDialect, ScriptedFailure } from './scripted-behaviours.js';

export function sendModelNotFound(res: ServerResponse, model: string): void {
  const message = `The model \`${model}\` does not exist or you do not have access to it.`;
  sendError(res, 404, openAIError(message, 'invalid_request_error', null, 'model_not_found'));
}

function sendRateLimit(res: ServerResponse, model: string, retryAfter: string): void {
  const message =
    `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): ` +
    `Limit 3, Used 3, Requested 1. Please try again in ${retryAfter}s. ` +
    'Visit https://platform.openai.com/account/rate-limits to learn more.';
  sendError(res, 429, openAIError(message, 'requests', null, 'rate_limit_exceeded'), { 'retry-after': retryAfter });
}

/** `promptParam` is what a too-long prompt is blamed on: messages (chat), input (Responses, embeddings), prompt. */
export function openAIErrors(promptParam: string): ErrorDialect {
  return {
    sendFailure(res: ServerResponse, failure: ScriptedFailure, model: string): void {
      switch (failure.kind) {
        case 'rate-limit':
          sendRateLimit(res, model, failure.retryAfter);
          break;
        case 'server-error':
          sendError(res, 500, openAIError('The server had an error while processing your request.', 'server_error'));
          break;
        case 'overloaded':
          sendError(res, 503, openAIError('The server is overloaded or not ready yet.', 'server_error'));
          break;
        case 'context-length':
          sendError(
            res,
            400,
            openAIError("This model's maximum context length is 10 tokens.", 'invalid_request_error', promptParam, 'context_length_exceeded'),
          );
          break;
        case 'model-not-found':
          sendModelNotFound(res, model);
          break;
      }
    },
  };
}
