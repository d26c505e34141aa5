// What the response cache may do with a Responses API request: which fields make up its key,
// which requests it must leave alone (they point at state kept by the upstream), how the semantic
// tier sees the request, and which answers are worth keeping.
import type { OutputItem, ResponseObject } from './responses-types.js';
import { isOutputMessage } from './responses-types.js';

/**
 * Fields that say who is asking or how to deliver, not what is asked. Codex, for one, sends a
 * fresh `prompt_cache_key` and `client_metadata` per session, so keeping them would make every
 * session miss on questions that were answered before.
 */
const SESSION_FIELDS = new Set([
  'client_metadata',
  'prompt_cache_key',
  'user',
  'safety_identifier',
  'metadata',
  'service_tier',
  'stream',
  'stream_options',
]);

/**
 * The body minus session and delivery fields, with input items stripped of their own `id`. `store`
 * stays in, normalized (absent means true): a response made with `store: false` was never kept
 * upstream, so serving it to a caller that may continue it with `previous_response_id` would hand
 * out an id the upstream does not know.
 */
export function responsesKeyMaterial(body: Record<string, unknown>): Record<string, unknown> {
  const material: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (SESSION_FIELDS.has(field)) continue;
    if (field === 'store') continue;
    material[field] = field === 'input' && Array.isArray(value) ? value.map(withoutItemId) : value;
  }
  // Under a name of its own: the generic key function drops `store` (it is delivery-only for chat).
  material['\u0000stored_upstream'] = body.store !== false;
  return material;
}

/**
 * True when the answer depends on state the upstream keeps (an earlier response, a conversation,
 * stored items, a background job): the same body can then mean different questions, so such
 * requests are forwarded uncached.
 */
export function dependsOnServerState(body: Record<string, unknown>): boolean {
  if (isSet(body.previous_response_id) || isSet(body.conversation) || body.background === true) return true;
  return Array.isArray(body.input) && body.input.some(isItemReference);
}

export interface ChatLikeView {
  messages: Array<{ role: string; content: unknown }>;
  [field: string]: unknown;
}

/**
 * The request as the semantic tier reads chat requests: user turns with plain text may be matched
 * by meaning; every other item becomes an entry with its own role (`item:<type>`), so it lands in
 * the exact-match partition. Undefined when only the exact tier may answer (tools, server state).
 */
export function responsesSemanticView(body: Record<string, unknown>): ChatLikeView | undefined {
  if (carriesTools(body.tools) || dependsOnServerState(body)) return undefined;
  const { input, ...rest } = responsesKeyMaterial(body);
  let messages: ChatLikeView['messages'];
  if (typeof input === 'string') messages = [{ role: 'user', content: input }];
  else if (Array.isArray(input)) messages = input.map(toChatEntry);
  else return undefined;
  return { ...rest, messages };
}

/**
 * Only finished answers that say something are kept: completed, error-free, no refusal, and at
 * least one item besides hidden reasoning and empty messages.
 */
export function isCacheableResponse(response: ResponseObject): boolean {
  if (response.status !== 'completed' || response.error) return false;
  if (!Array.isArray(response.output) || response.output.some(isRefusalOnly)) return false;
  return response.output.some(saysSomething);
}

function saysSomething(item: OutputItem): boolean {
  if (item.type === 'reasoning') return false;
  if (!isOutputMessage(item)) return true;
  return Array.isArray(item.content) && item.content.some((part) => part.type !== 'output_text' || (typeof part.text === 'string' && part.text !== ''));
}

function withoutItemId(item: unknown): unknown {
  // An item reference's id is the item itself; without it every reference would look alike.
  if (!isRecord(item) || isItemReference(item) || !('id' in item)) return item;
  const { id: _id, ...rest } = item;
  return rest;
}

/** `{type: 'item_reference', id}`, or the short form `{id}` the API accepts as well. */
function isItemReference(item: unknown): boolean {
  if (!isRecord(item)) return false;
  if (item.type === 'item_reference') return true;
  return item.type == null && item.role === undefined && typeof item.id === 'string';
}

function toChatEntry(item: unknown): { role: string; content: unknown } {
  if (!isRecord(item)) return { role: 'item:unknown', content: item };
  const { id: _id, ...fields } = item;
  const isMessage = (fields.type === 'message' || fields.type == null) && typeof fields.role === 'string';
  if (!isMessage) return { role: `item:${String(fields.type)}`, content: fields };
  // `type: 'message'` is optional on input messages; dropping it makes both spellings one question.
  const { type: _type, role, content, ...extra } = fields;
  return { ...extra, role: role as string, content: toChatContent(content) };
}

function toChatContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((part: unknown) =>
    isRecord(part) && part.type === 'input_text' && typeof part.text === 'string' ? { type: 'text', text: part.text } : part,
  );
}

function isRefusalOnly(item: OutputItem): boolean {
  if (!isOutputMessage(item) || !Array.isArray(item.content) || item.content.length === 0) return false;
  return item.content.every((part) => part.type === 'refusal');
}

function carriesTools(tools: unknown): boolean {
  return Array.isArray(tools) ? tools.length > 0 : isSet(tools);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
