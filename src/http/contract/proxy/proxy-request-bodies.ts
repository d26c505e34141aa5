// The request bodies of the proxy routes. They are passthrough: each schema checks the fields the
// gateway reads and the types of common parameters (so a malformed request fails here, not at the
// upstream), and lets every other field through untouched (additionalProperties). A field that may
// be of several JSON types keeps ajv's `type: [...]` form (its error message names every type).
//
// The chat and completions bodies are the static types the routes read. The Messages and Responses
// protocols are written against the providers' full request types, which say more than the gateway
// checks; their schemas carry those types (Type.Unsafe), the upstream validating the rest.
import { Type, type Static } from 'typebox';
import type { MessagesRequest } from '../../../protocols/anthropic/messages-types.js';
import type { ResponsesRequest } from '../../../protocols/responses/responses-types.js';

const open = { additionalProperties: true } as const;

/** A field of several JSON types, validated as `{type: [...]}` exactly as before the TypeBox schemas. */
function anyOfTypes<T>(types: string[], more: Record<string, unknown> = {}, description?: string) {
  return Type.Unsafe<T>({ type: types, ...more, ...(description ? { description } : {}) });
}

const Model = Type.String({ minLength: 1, maxLength: 256, description: 'The model; it also chooses the upstream.' });
const StreamOptions = anyOfTypes<{ include_usage?: boolean } | null>(['object', 'null'], {
  properties: { include_usage: { type: 'boolean' } },
});

export const ChatRequestBody = Type.Object(
  {
    model: Model,
    messages: Type.Array(Type.Object({ role: Type.String({ minLength: 1 }) }, open), { minItems: 1 }),
    stream: Type.Optional(Type.Boolean()),
    stream_options: Type.Optional(StreamOptions),
    session_id: Type.Optional(Type.String({ maxLength: 256, description: "Synapse: the caller's session, echoed in synapse_metadata; not part of the cache key." })),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
    top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    n: Type.Optional(Type.Integer({ minimum: 1, maximum: 128 })),
    max_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
    max_completion_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
    presence_penalty: Type.Optional(Type.Number({ minimum: -2, maximum: 2 })),
    frequency_penalty: Type.Optional(Type.Number({ minimum: -2, maximum: 2 })),
    seed: Type.Optional(Type.Integer()),
    stop: Type.Optional(anyOfTypes<string | string[] | null>(['string', 'array', 'null'], { items: { type: 'string' } })),
    tools: Type.Optional(Type.Array(Type.Object({}, open))),
    tool_choice: Type.Optional(anyOfTypes<string | Record<string, unknown>>(['string', 'object'])),
    response_format: Type.Optional(Type.Object({}, open)),
    logprobs: Type.Optional(Type.Boolean()),
    top_logprobs: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
  },
  { ...open, description: 'An OpenAI chat completions request; fields not listed pass through to the upstream.' },
);
export type ChatRequestBody = Static<typeof ChatRequestBody>;

export const CompletionsRequestBody = Type.Object(
  {
    model: Model,
    prompt: anyOfTypes<string | string[] | number[] | number[][]>(['string', 'array'], {}, 'A string, several strings, or token arrays.'),
    stream: Type.Optional(Type.Boolean()),
    stream_options: Type.Optional(StreamOptions),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
    top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    n: Type.Optional(Type.Integer({ minimum: 1, maximum: 128 })),
    max_tokens: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { ...open, description: 'An OpenAI legacy completions request; fields not listed pass through to the upstream.' },
);

export const EmbeddingsRequestBody = Type.Object(
  {
    model: Model,
    input: anyOfTypes<string | unknown[]>(['string', 'array'], {}, 'A string, several strings, or token arrays.'),
    encoding_format: Type.Optional(Type.Unknown({ description: '`float` (default) or `base64`; base64 is produced here when the upstream ignores it.' })),
  },
  { ...open, description: 'An OpenAI embeddings request, sent on to the upstream.' },
);

export const ResponsesRequestBody = Type.Unsafe<ResponsesRequest>({
  ...Type.Object(
    {
      model: Type.Optional(Model),
      prompt: Type.Optional(Type.Unknown({ description: 'A stored prompt (id, version, variables) that names the model.' })),
      input: Type.Optional(anyOfTypes<string | unknown[]>(['string', 'array'])),
      instructions: Type.Optional(anyOfTypes<string | null>(['string', 'null'])),
      stream: Type.Optional(Type.Boolean()),
      tools: Type.Optional(Type.Array(Type.Object({}, open))),
      previous_response_id: Type.Optional(anyOfTypes<string | null>(['string', 'null'], {}, 'A request that continues a stored response is never cached.')),
      max_output_tokens: Type.Optional(anyOfTypes<number | null>(['integer', 'null'], { minimum: 1 })),
      temperature: Type.Optional(anyOfTypes<number | null>(['number', 'null'], { minimum: 0, maximum: 2 })),
      top_p: Type.Optional(anyOfTypes<number | null>(['number', 'null'], { minimum: 0, maximum: 1 })),
    },
    { ...open, description: 'An OpenAI Responses request; it names its model, or a stored `prompt` that does.' },
  ),
  // A request names its model, or a stored prompt that does.
  anyOf: [{ required: ['model'] }, { required: ['prompt'] }],
});

const MessageParam = Type.Object(
  {
    role: Type.String({ minLength: 1 }),
    content: anyOfTypes<string | unknown[]>(['string', 'array'], {
      items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    }),
  },
  open,
);

const messagesCommon = {
  model: Model,
  messages: Type.Array(MessageParam),
  system: Type.Optional(anyOfTypes<string | unknown[]>(['string', 'array'], { items: { type: 'object' } })),
  tools: Type.Optional(Type.Array(Type.Object({}, open))),
  tool_choice: Type.Optional(Type.Object({}, open)),
};

export const MessagesRequestBody = Type.Unsafe<MessagesRequest>(
  Type.Object(
    {
      ...messagesCommon,
      max_tokens: Type.Integer({ minimum: 1 }),
      stream: Type.Optional(Type.Boolean()),
      temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      top_k: Type.Optional(Type.Integer({ minimum: 0 })),
      stop_sequences: Type.Optional(Type.Array(Type.String())),
      metadata: Type.Optional(Type.Object({}, open)),
      thinking: Type.Optional(Type.Object({}, open)),
    },
    { ...open, description: 'An Anthropic Messages request; fields not listed pass through to the upstream.' },
  ),
);

export const CountTokensRequestBody = Type.Unsafe<MessagesRequest>(
  Type.Object(messagesCommon, { ...open, description: 'An Anthropic count_tokens request: a Messages request without max_tokens.' }),
);
