// GET /v1/models and /v1/models/{id} for the fake upstream, in OpenAI's shape or, when the request
// carries an anthropic-version header, in Anthropic's (claude ids, RFC 3339 dates, cursor paging).
import type { ServerResponse } from 'node:http';
import { sendAnthropicError, sendAnthropicJson, sendAnthropicModelNotFound } from './anthropic-errors.js';
import { sendJson } from './http-helpers.js';
import { sendModelNotFound } from './openai-errors.js';
import { LISTED_MODELS } from './scripted-behaviours.js';

const CREATED = 1_700_000_000;

// Built once: the model lists never change.
const OPENAI_MODELS = LISTED_MODELS.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fake' }));
const OPENAI_LIST = { object: 'list', data: OPENAI_MODELS };

/** Newest first, as Anthropic lists them; the fake-* models follow so gateways can route to them. */
const ANTHROPIC_MODELS = [
  { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z' },
  { type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { type: 'model', id: 'claude-opus-4-1', display_name: 'Claude Opus 4.1', created_at: '2025-08-05T00:00:00Z' },
  ...LISTED_MODELS.filter((id) => id.startsWith('fake-')).map((id) => ({
    type: 'model',
    id,
    display_name: id,
    created_at: new Date(CREATED * 1000).toISOString().replace('.000Z', 'Z'),
  })),
];

export const ANTHROPIC_MODEL_IDS: readonly string[] = ANTHROPIC_MODELS.map((m) => m.id);

/** Anthropic's cursor paging: limit (1-1000, default 20), after_id or before_id. */
function sendAnthropicList(res: ServerResponse, query: URLSearchParams): void {
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    sendAnthropicError(res, 400, 'invalid_request_error', 'limit: Input should be less than or equal to 1000');
    return;
  }
  const after = query.get('after_id');
  const before = query.get('before_id');
  let start = 0;
  let end = ANTHROPIC_MODELS.length;
  if (after !== null) start = ANTHROPIC_MODELS.findIndex((m) => m.id === after) + 1;
  if (before !== null) end = Math.max(0, ANTHROPIC_MODELS.findIndex((m) => m.id === before));
  // before_id pages backwards: the page is the `limit` models just before the cursor.
  const page = before !== null ? ANTHROPIC_MODELS.slice(Math.max(start, end - limit), end) : ANTHROPIC_MODELS.slice(start, Math.min(end, start + limit));
  const hasMore = before !== null ? end - page.length > start : start + page.length < end;
  sendAnthropicJson(res, 200, { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null });
}

export function handleModelList(res: ServerResponse, query: URLSearchParams, anthropic: boolean): void {
  if (anthropic) sendAnthropicList(res, query);
  else sendJson(res, 200, OPENAI_LIST);
}

export function handleModelRetrieve(res: ServerResponse, id: string, anthropic: boolean): void {
  const model = anthropic ? ANTHROPIC_MODELS.find((m) => m.id === id) : OPENAI_MODELS.find((m) => m.id === id);
  if (model !== undefined) {
    if (anthropic) sendAnthropicJson(res, 200, model);
    else sendJson(res, 200, model);
  } else if (anthropic) {
    sendAnthropicModelNotFound(res, id);
  } else {
    sendModelNotFound(res, id);
  }
}
