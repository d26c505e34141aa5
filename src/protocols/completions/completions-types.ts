// The parts of OpenAI's legacy text completions wire format (`POST /v1/completions`) the gateway
// reads or writes. Everything else in a body is passed through untouched.

/** The request body: `model` and `prompt` are validated, the rest is forwarded as is. */
export interface CompletionsRequest {
  model: string;
  /** A string, several strings, or token arrays. */
  prompt: string | string[] | number[] | number[][] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  [field: string]: unknown;
}

/** Per-token log probabilities: parallel arrays, one entry per generated token. */
export interface CompletionLogprobs {
  tokens?: string[];
  token_logprobs?: number[];
  top_logprobs?: Array<Record<string, number>>;
  text_offset?: number[];
  [field: string]: unknown;
}

export interface CompletionChoice {
  text: string;
  index: number;
  logprobs: CompletionLogprobs | null;
  finish_reason: string | null;
  [field: string]: unknown;
}

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [field: string]: unknown;
}

export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: CompletionUsage;
  system_fingerprint?: string | null;
  [field: string]: unknown;
}

/**
 * One streamed chunk. It has the same object name as the whole completion; each choice carries
 * the next piece of its text, and the optional last chunk carries only usage (`choices: []`).
 */
export interface TextCompletionChunk {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: CompletionUsage | null;
  system_fingerprint?: string | null;
  [field: string]: unknown;
}
