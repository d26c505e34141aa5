// JSON schemas for POST /v1/chat/completions and /v1/completions: the fields the gateway relies on, and the types of
// common sampling parameters so that malformed requests fail here instead of at the upstream.
// Other fields pass through untouched.

const number = { type: 'number' };
const integer = { type: 'integer' };

export const chatRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 256 },
    messages: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['role'], properties: { role: { type: 'string', minLength: 1 } } },
    },
    stream: { type: 'boolean' },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
    session_id: { type: 'string', maxLength: 256 },
    temperature: { ...number, minimum: 0, maximum: 2 },
    top_p: { ...number, minimum: 0, maximum: 1 },
    n: { ...integer, minimum: 1, maximum: 128 },
    max_tokens: { ...integer, minimum: 1 },
    max_completion_tokens: { ...integer, minimum: 1 },
    presence_penalty: { ...number, minimum: -2, maximum: 2 },
    frequency_penalty: { ...number, minimum: -2, maximum: 2 },
    seed: integer,
    stop: { type: ['string', 'array', 'null'], items: { type: 'string' } },
    tools: { type: 'array', items: { type: 'object' } },
    tool_choice: { type: ['string', 'object'] },
    response_format: { type: 'object' },
    logprobs: { type: 'boolean' },
    top_logprobs: { ...integer, minimum: 0, maximum: 20 },
  },
} as const;

export const completionsRequestSchema = {
  type: 'object',
  required: ['model', 'prompt'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 256 },
    prompt: { type: ['string', 'array'] },
    stream: { type: 'boolean' },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
    temperature: { ...number, minimum: 0, maximum: 2 },
    top_p: { ...number, minimum: 0, maximum: 1 },
    n: { ...integer, minimum: 1, maximum: 128 },
    max_tokens: { ...integer, minimum: 0 },
  },
} as const;

export const embeddingsRequestSchema = {
  type: 'object',
  required: ['model', 'input'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 256 },
    input: { type: ['string', 'array'] },
  },
} as const;
