// The error bodies every route may answer with, as schemas: the SPEC's shape and Anthropic's (the
// Messages API routes). Routes list the statuses they can answer with `errorResponses(...)`.
import { Type, type Static } from 'typebox';

export const SpecErrorBody = Type.Object(
  {
    error: Type.Object({
      message: Type.String({ description: 'What went wrong, for a person to read.' }),
      type: Type.String({ description: 'The error family (docs/errors.md).' }),
      code: Type.String({ description: 'The stable code a program switches on (docs/errors.md).' }),
      retry_after_secs: Type.Optional(Type.Integer({ minimum: 1, description: 'On 429: whole seconds to wait.' })),
      upstream_status: Type.Optional(Type.Integer({ description: "On an upstream failure: the upstream's HTTP status." })),
    }),
  },
  { $id: 'ErrorBody', description: "The SPEC's error body." },
);
export type SpecErrorBody = Static<typeof SpecErrorBody>;

export const AnthropicErrorBody = Type.Object(
  {
    type: Type.Literal('error'),
    error: Type.Object({ type: Type.String(), message: Type.String() }),
    request_id: Type.Optional(Type.String()),
  },
  { $id: 'AnthropicErrorBody', description: "The Anthropic Messages API's error body." },
);

const STATUS_MEANING: Record<number, string> = {
  400: 'The request is invalid (validation_failed, invalid_json, empty_body).',
  401: 'Missing, invalid or expired credentials.',
  403: "The caller's role may not do this.",
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The body is larger than the limit.',
  415: 'The body is not JSON.',
  429: 'Rate limited; retry after retry_after_secs.',
  500: 'An internal error.',
  502: 'The upstream failed.',
  503: 'A backend is not reachable or the gateway is draining.',
  504: 'The upstream did not answer in time.',
  508: 'The request came back to this gateway (an upstream loop).',
  529: 'The upstream is overloaded.',
};

/** Every status a route of the SPEC's shape answers besides success: the request-level ones and those given. */
export function errorResponses(...statuses: number[]): Record<number, typeof SpecErrorBody> {
  return errorResponsesOf(SpecErrorBody, statuses);
}

/**
 * The errors of a route anyone may call without a body (/health): a request the server cannot read
 * (400, before any route), and refusals while the gateway drains (503).
 */
export function publicErrorResponses(): Record<number, typeof SpecErrorBody> {
  return Object.fromEntries([400, 500, 503].map((status) => [status, referenceTo(SpecErrorBody, STATUS_MEANING[status]!)]));
}

/** The same for a route whose errors take Anthropic's shape (the Messages API). */
export function anthropicErrorResponses(...statuses: number[]): Record<number, typeof AnthropicErrorBody> {
  return errorResponsesOf(AnthropicErrorBody, statuses);
}

function errorResponsesOf<T extends object>(body: T, statuses: number[]): Record<number, T> {
  const all = new Set([400, 401, 413, 415, 429, 500, 503, ...statuses]);
  return Object.fromEntries([...all].sort().map((status) => [status, referenceTo(body, STATUS_MEANING[status] ?? 'An error.')]));
}

/**
 * A response that refers to the shared body by its $id: the OpenAPI document names each error body
 * once (components/schemas) instead of repeating it under every status of every route. Typed as
 * the body itself, which is what the reference stands for.
 */
function referenceTo<T extends object>(schema: T, description: string): T {
  return { $ref: `${(schema as { $id?: string }).$id!}#`, description } as unknown as T;
}

/** Makes the shared error bodies known to an app, before any route refers to them. */
export function addErrorSchemas(app: { addSchema(schema: unknown): unknown }): void {
  app.addSchema(SpecErrorBody);
  app.addSchema(AnthropicErrorBody);
}
