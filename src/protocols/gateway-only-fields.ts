// Request body fields that belong to Synapse, not to any provider's API (the agent session id), and
// so never travel upstream: OpenAI and Anthropic both reject parameters they do not know.

const GATEWAY_ONLY_FIELDS = ['session_id'] as const;

/** A shallow copy of the body without Synapse's own fields; the body itself when it has none. */
export function withoutGatewayFields<Body extends object>(body: Body): Body {
  if (!GATEWAY_ONLY_FIELDS.some((field) => field in body)) return body;
  const copy = { ...body } as Record<string, unknown>;
  for (const field of GATEWAY_ONLY_FIELDS) delete copy[field];
  return copy as Body;
}
