// The parts of OpenAI's Responses API wire format (`POST /v1/responses`) the gateway reads or
// writes. Every shape is open: fields the gateway does not know are kept and passed through, so
// a newer client or upstream loses nothing on its way through the cache.

/** An item of `input`: a message (typed or not), a tool call, a tool output, a reasoning item... */
export interface ResponsesInputItem {
  type?: string | null;
  /** Server-side identity of the item; `item_reference` items consist of nothing else. */
  id?: string;
  role?: string;
  content?: unknown;
  call_id?: string;
  [field: string]: unknown;
}

/** The request body: `model` and `input` are what the gateway needs; the rest is forwarded as is. */
export interface ResponsesRequest {
  model: string;
  input: string | ResponsesInputItem[];
  instructions?: string | null;
  stream?: boolean | null;
  tools?: unknown[] | null;
  previous_response_id?: string | null;
  conversation?: string | { id: string } | null;
  background?: boolean | null;
  client_metadata?: Record<string, string> | null;
  [field: string]: unknown;
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
  [field: string]: unknown;
}

export interface OutputRefusal {
  type: 'refusal';
  refusal: string;
  [field: string]: unknown;
}

/** A part of an assistant message; unknown part types are kept as they came. */
export type MessagePart = OutputText | OutputRefusal | { type: string; [field: string]: unknown };

export interface OutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ItemStatus;
  content: MessagePart[];
  [field: string]: unknown;
}

export interface FunctionCallItem {
  type: 'function_call';
  id?: string;
  /** Pairs the call with the `function_call_output` the client sends back. */
  call_id: string;
  name: string;
  arguments: string;
  status?: ItemStatus;
  [field: string]: unknown;
}

/** A call of a free-form ("custom") tool, such as Codex's apply_patch. */
export interface CustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  input: string;
  [field: string]: unknown;
}

export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string | null;
  status?: ItemStatus;
  [field: string]: unknown;
}

/** Any other output item (web search, file search, MCP, image generation...), kept whole. */
export interface OtherOutputItem {
  type: string;
  id?: string;
  status?: string;
  [field: string]: unknown;
}

export type OutputItem = OutputMessage | FunctionCallItem | CustomToolCallItem | ReasoningItem | OtherOutputItem;

export type ResponseStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete';

export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { cached_tokens?: number; [field: string]: unknown };
  output_tokens_details?: { reasoning_tokens?: number; [field: string]: unknown };
  [field: string]: unknown;
}

/** A response object, as `POST /v1/responses` returns it and stream lifecycle events carry it. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  model: string;
  output: OutputItem[];
  usage?: ResponseUsage | null;
  error: { code: string; message: string; [field: string]: unknown } | null;
  incomplete_details: { reason?: string; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** The data of one streaming event: every event names its type and most carry a sequence number. */
export interface ResponsesStreamEvent {
  type: string;
  sequence_number?: number;
  response?: ResponseObject;
  [field: string]: unknown;
}

// The output item union ends in an open fallback, so `item.type === 'message'` cannot narrow it
// by itself: these guards do.

export function isOutputMessage(item: OutputItem): item is OutputMessage {
  return item.type === 'message';
}

export function isFunctionCall(item: OutputItem): item is FunctionCallItem {
  return item.type === 'function_call';
}

export function isCustomToolCall(item: OutputItem): item is CustomToolCallItem {
  return item.type === 'custom_tool_call';
}

export function isReasoningItem(item: OutputItem): item is ReasoningItem {
  return item.type === 'reasoning';
}

export function isOutputText(part: MessagePart): part is OutputText {
  return part.type === 'output_text';
}

export function isOutputRefusal(part: MessagePart): part is OutputRefusal {
  return part.type === 'refusal';
}
