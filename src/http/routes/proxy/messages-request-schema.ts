// JSON schemas for the Anthropic Messages routes: the fields the gateway relies on (model, messages,
// max_tokens) and the types of common parameters, so malformed requests fail here with Anthropic's
// invalid_request_error. Every other field passes through untouched.

const message = {
  type: 'object',
  required: ['role', 'content'],
  properties: {
    role: { type: 'string', minLength: 1 },
    content: { type: ['string', 'array'], items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } },
  },
};

const common = {
  model: { type: 'string', minLength: 1, maxLength: 256 },
  messages: { type: 'array', items: message },
  system: { type: ['string', 'array'], items: { type: 'object' } },
  tools: { type: 'array', items: { type: 'object' } },
  tool_choice: { type: 'object' },
} as const;

export const messagesRequestSchema = {
  type: 'object',
  required: ['model', 'messages', 'max_tokens'],
  properties: {
    ...common,
    max_tokens: { type: 'integer', minimum: 1 },
    stream: { type: 'boolean' },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    stop_sequences: { type: 'array', items: { type: 'string' } },
    metadata: { type: 'object' },
    thinking: { type: 'object' },
  },
} as const;

export const countTokensSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: common,
} as const;
