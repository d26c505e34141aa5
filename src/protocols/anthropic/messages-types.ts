// The parts of Anthropic's Messages API wire format the gateway reads or writes (the official SDK's
// resources/messages types are the reference). Every shape is open: fields we do not know pass through.

// ---- Request ----------------------------------------------------------------------------------

export interface TextBlockParam {
  type: 'text';
  text: string;
  [field: string]: unknown;
}

export interface ImageBlockParam {
  type: 'image';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'url'; url: string }
    | { type: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface DocumentBlockParam {
  type: 'document';
  source:
    | { type: 'text'; media_type: 'text/plain'; data: string }
    | { type: 'content'; content: string | ContentBlockParam[] }
    | { type: string; [field: string]: unknown };
  title?: string | null;
  [field: string]: unknown;
}

export interface ToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  [field: string]: unknown;
}

export interface ToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | ContentBlockParam[];
  is_error?: boolean;
  [field: string]: unknown;
}

/** A block type the gateway does not translate (thinking, search_result, server tool results...). */
export interface OtherBlockParam {
  type: string;
  [field: string]: unknown;
}

export type ContentBlockParam =
  | TextBlockParam
  | ImageBlockParam
  | DocumentBlockParam
  | ToolUseBlockParam
  | ToolResultBlockParam
  | OtherBlockParam;

/** `system` entries inside `messages` are what Claude Code sends mid-conversation. */
export interface MessageParam {
  role: 'user' | 'assistant' | 'system';
  content: string | ContentBlockParam[];
}

/** A custom tool has `input_schema`; any other `type` is an Anthropic-defined (server or client) tool. */
export interface ToolDefinition {
  name: string;
  type?: string | null;
  description?: string;
  input_schema?: Record<string, unknown>;
  [field: string]: unknown;
}

export type ToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface MessagesRequest {
  model: string;
  messages: MessageParam[];
  max_tokens: number;
  system?: string | TextBlockParam[];
  stream?: boolean;
  metadata?: { user_id?: string | null; [field: string]: unknown };
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  [field: string]: unknown;
}

// ---- Response ---------------------------------------------------------------------------------

export interface Citation {
  type: string;
  [field: string]: unknown;
}

export interface TextBlock {
  type: 'text';
  text: string;
  citations?: Citation[] | null;
  [field: string]: unknown;
}

export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
  [field: string]: unknown;
}

export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
  [field: string]: unknown;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  [field: string]: unknown;
}

export interface ServerToolUseBlock {
  type: 'server_tool_use';
  id: string;
  name: string;
  input: unknown;
  [field: string]: unknown;
}

/** Block types the gateway only carries (web_search_tool_result, container_upload, future ones). */
export interface OtherBlock {
  type: string;
  [field: string]: unknown;
}

export type ContentBlock = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock | ServerToolUseBlock | OtherBlock;

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  [field: string]: unknown;
}

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  /** A string so that stop reasons newer than this file still pass through. */
  stop_reason: StopReason | (string & {}) | null;
  stop_sequence: string | null;
  usage: MessageUsage;
  [field: string]: unknown;
}

// ---- Stream events (the `type` in the data equals the SSE `event:` name) ----------------------

export interface MessageStartEvent {
  type: 'message_start';
  message: AnthropicMessage;
}

export interface ContentBlockStartEvent {
  type: 'content_block_start';
  index: number;
  content_block: ContentBlock;
}

export type ContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'citations_delta'; citation: Citation }
  | { type: string; [field: string]: unknown };

export interface ContentBlockDeltaEvent {
  type: 'content_block_delta';
  index: number;
  delta: ContentBlockDelta;
}

export interface ContentBlockStopEvent {
  type: 'content_block_stop';
  index: number;
}

export interface MessageDeltaEvent {
  type: 'message_delta';
  delta: { stop_reason: AnthropicMessage['stop_reason']; stop_sequence: string | null; [field: string]: unknown };
  /** Cumulative counts; only output_tokens is always there. */
  usage: { output_tokens: number; [field: string]: unknown };
}

export interface MessageStopEvent {
  type: 'message_stop';
}

export interface PingEvent {
  type: 'ping';
}

/** The body of an error response, and the data of an in-stream `error` event. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export type MessagesStreamEvent =
  | MessageStartEvent
  | ContentBlockStartEvent
  | ContentBlockDeltaEvent
  | ContentBlockStopEvent
  | MessageDeltaEvent
  | MessageStopEvent
  | PingEvent
  | AnthropicErrorBody;
