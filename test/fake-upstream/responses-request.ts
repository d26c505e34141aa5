// Parsing and validating an OpenAI Responses request for the fake upstream (POST /v1/responses):
// input as a string or a list of items, normalised to the items GET .../input_items lists back.
import { contentText, isRecord } from './content-text.js';
import { estimateTokens, newId, sendInvalidRequest, type HandlerContext } from './http-helpers.js';

export type Item = Record<string, unknown>;

export interface ResponsesRequest {
  model: string;
  /** The raw body, for the parameters a response object echoes back. */
  body: Record<string, unknown>;
  /** Input items as stored: messages get an id and a content-part array. */
  items: Item[];
  stream: boolean;
  store: boolean;
  background: boolean;
  /** The function fake-tools calls: the one tool_choice names, else the first function tool. */
  toolName: string | undefined;
  /** A reasoning config other than effort 'none' was given: the answer starts with a reasoning item. */
  reasoning: boolean;
  /** Streamed deltas carry an `obfuscation` padding field unless stream_options.include_obfuscation is false. */
  obfuscate: boolean;
  previousResponseId: string | undefined;
  inputTokens: number;
}

const INPUT_TEXT_TYPES = ['input_text', 'output_text', 'text'];

/** A message item as the API stores it: typed, with an id and content parts (input_text, or output_text for the assistant). */
function normaliseMessage(item: Item): Item {
  const role = item['role'];
  const content = item['content'];
  const parts =
    typeof content === 'string'
      ? [role === 'assistant' ? { type: 'output_text', text: content, annotations: [] } : { type: 'input_text', text: content }]
      : content;
  return { id: typeof item['id'] === 'string' ? item['id'] : newId('msg_'), type: 'message', role, content: parts };
}

/** Returns the items, or the 400 message naming what is wrong. */
function normaliseInput(input: unknown): { items: Item[] } | { error: string } {
  if (typeof input === 'string') return { items: [normaliseMessage({ role: 'user', content: input })] };
  if (!Array.isArray(input)) {
    return { error: `Invalid type for 'input': expected one of a string or array of input items, but got ${input === null ? 'null' : `an ${typeof input}`} instead.` };
  }
  const items: Item[] = [];
  for (const [i, item] of input.entries()) {
    if (!isRecord(item)) return { error: `Invalid type for 'input[${i}]': expected an input item, but got ${typeof item === 'string' ? 'a string' : 'an invalid value'} instead.` };
    const isMessage = item['type'] === undefined || item['type'] === 'message';
    if (isMessage && !['user', 'assistant', 'system', 'developer'].includes(item['role'] as string)) {
      return { error: `Invalid value: '${String(item['role'])}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.` };
    }
    items.push(isMessage ? normaliseMessage(item) : item);
  }
  return { items };
}

function chooseFunction(tools: unknown, toolChoice: unknown): string | undefined {
  if (!Array.isArray(tools) || toolChoice === 'none') return undefined;
  if (isRecord(toolChoice) && toolChoice['type'] === 'function' && typeof toolChoice['name'] === 'string') return toolChoice['name'];
  const fn = tools.find((t) => isRecord(t) && t['type'] === 'function' && typeof t['name'] === 'string');
  return isRecord(fn) ? (fn['name'] as string) : undefined;
}

/** Text a function_call_output carries: a string, or input_text parts. */
export function outputText(output: unknown): string {
  return contentText(output, INPUT_TEXT_TYPES);
}

/** Every character the model reads: instructions, message text, function calls and their outputs. */
function estimateInputTokens(instructions: unknown, items: Item[]): number {
  let chars = typeof instructions === 'string' ? instructions.length : 0;
  for (const item of items) {
    if (item['type'] === 'message') chars += contentText(item['content'], INPUT_TEXT_TYPES).length;
    else if (item['type'] === 'function_call' && typeof item['arguments'] === 'string') chars += item['arguments'].length;
    else if (item['type'] === 'function_call_output') chars += outputText(item['output']).length;
  }
  return estimateTokens(chars);
}

/** Validates like OpenAI does; on failure sends the 400 itself and returns undefined. */
export function parseResponsesRequest(ctx: HandlerContext): ResponsesRequest | undefined {
  const { body, res } = ctx;
  const model = body['model'];
  if (typeof model !== 'string' || model === '') {
    sendInvalidRequest(res, "Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    return undefined;
  }
  if (body['input'] === undefined) {
    sendInvalidRequest(res, "Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
    return undefined;
  }
  const input = normaliseInput(body['input']);
  if ('error' in input) {
    sendInvalidRequest(res, input.error, 'input');
    return undefined;
  }
  const store = body['store'] !== false;
  const background = body['background'] === true;
  if (background && !store) {
    sendInvalidRequest(res, "Background mode requires 'store' to be true.", 'background');
    return undefined;
  }
  const reasoning = body['reasoning'];
  const streamOptions = body['stream_options'];
  const previous = body['previous_response_id'];
  return {
    model,
    body,
    items: input.items,
    stream: body['stream'] === true,
    store,
    background,
    toolName: chooseFunction(body['tools'], body['tool_choice']),
    reasoning: isRecord(reasoning) && reasoning['effort'] !== 'none',
    obfuscate: !(isRecord(streamOptions) && streamOptions['include_obfuscation'] === false),
    previousResponseId: typeof previous === 'string' ? previous : undefined,
    inputTokens: estimateInputTokens(body['instructions'], input.items),
  };
}
