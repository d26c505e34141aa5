// The parts of OpenAI's Chat Completions wire format the gateway reads or writes. Everything
// else in a body is passed through untouched.

export interface ToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

export interface ChatMessage {
  role: string;
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  [field: string]: unknown;
}

export interface ChatChoice {
  index: number;
  message: ChatMessage;
  logprobs?: unknown;
  finish_reason: string | null;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [field: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  [field: string]: unknown;
}

export interface ChunkChoice {
  index: number;
  delta: Partial<ChatMessage>;
  logprobs?: { content?: unknown[] | null; [field: string]: unknown } | null;
  finish_reason: string | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  [field: string]: unknown;
}

/** The parsed request body: `model` and `messages` are validated, the rest is forwarded as is. */
export interface ChatRequestBody {
  model: string;
  messages: unknown[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  session_id?: string;
  [field: string]: unknown;
}
