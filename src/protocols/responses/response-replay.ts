// Turns a stored response back into the event stream the Responses API would have sent for it:
// lifecycle events, then each output item opened, filled by deltas and closed, then the terminal
// event with the whole response. Clients that rebuild the answer from deltas (the openai SDKs)
// and clients that read only finished items (Codex) both get the same answer.
import { splitContent } from '../chat/completion-replay.js';
import type { SseEvent } from '../stream-relay.js';
import type {
  CustomToolCallItem,
  FunctionCallItem,
  MessagePart,
  OutputItem,
  ReasoningItem,
  ResponseObject,
} from './responses-types.js';
import {
  isCustomToolCall,
  isFunctionCall,
  isOutputMessage,
  isOutputRefusal,
  isOutputText,
  isReasoningItem,
} from './responses-types.js';

/** Arguments and tool input are JSON or code with few spaces: they are cut by length instead. */
const ARGUMENT_PIECES = 4;

type Emit = (type: string, fields: Record<string, unknown>) => void;

export function replayResponseEvents(response: ResponseObject): SseEvent[] {
  const events: SseEvent[] = [];
  const emit: Emit = (type, fields) => {
    events.push({ event: type, data: { type, sequence_number: events.length, ...fields } });
  };
  const started = inProgress(response);
  emit('response.created', { response: started });
  emit('response.in_progress', { response: started });
  response.output.forEach((item, outputIndex) => replayItem(emit, item, outputIndex));
  emit(terminalEventFor(response), { response });
  return events;
}

/** The response as it looked before any output: in progress, no output, no usage, no outcome. */
function inProgress(response: ResponseObject): ResponseObject {
  return {
    ...response,
    status: 'in_progress',
    output: [],
    usage: null,
    error: null,
    incomplete_details: null,
    ...('completed_at' in response ? { completed_at: null } : {}),
  };
}

function terminalEventFor(response: ResponseObject): string {
  if (response.status === 'incomplete') return 'response.incomplete';
  if (response.status === 'failed') return 'response.failed';
  return 'response.completed';
}

function replayItem(emit: Emit, item: OutputItem, outputIndex: number): void {
  const itemId = item.id ?? '';
  const at = { item_id: itemId, output_index: outputIndex };
  if (isOutputMessage(item)) {
    emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
    item.content.forEach((part, contentIndex) => replayMessagePart(emit, part, { ...at, content_index: contentIndex }));
  } else if (isFunctionCall(item)) {
    emit('response.output_item.added', { output_index: outputIndex, item: opened(item, { arguments: '' }) });
    replayArguments(emit, item, at);
  } else if (isCustomToolCall(item)) {
    emit('response.output_item.added', { output_index: outputIndex, item: opened(item, { input: '' }) });
    replayToolInput(emit, item, at);
  } else if (isReasoningItem(item)) {
    const emptied = { summary: [], ...(item.content ? { content: [] } : {}) };
    emit('response.output_item.added', { output_index: outputIndex, item: opened(item, emptied) });
    replayReasoning(emit, item, at);
  } else {
    // Hosted tool calls (web search, MCP...) have no deltas worth faking: opened, then done.
    emit('response.output_item.added', { output_index: outputIndex, item: opened(item, {}) });
  }
  emit('response.output_item.done', { output_index: outputIndex, item });
}

/** The item as first announced: streamed fields emptied and, where it has a status, in progress. */
function opened(item: OutputItem, emptied: Record<string, unknown>): OutputItem {
  return { ...item, ...emptied, ...('status' in item ? { status: 'in_progress' } : {}) };
}

interface PartAt {
  item_id: string;
  output_index: number;
  content_index: number;
}

function replayMessagePart(emit: Emit, part: MessagePart, at: PartAt): void {
  if (isOutputText(part)) {
    const empty = { ...part, text: '', annotations: [], ...('logprobs' in part ? { logprobs: [] } : {}) };
    emit('response.content_part.added', { ...at, part: empty });
    // Logprobs cannot be cut at word boundaries; they come whole with the done events.
    for (const delta of splitContent(part.text)) emit('response.output_text.delta', { ...at, delta, logprobs: [] });
    part.annotations.forEach((annotation, annotationIndex) => {
      emit('response.output_text.annotation.added', { ...at, annotation_index: annotationIndex, annotation });
    });
    emit('response.output_text.done', { ...at, text: part.text, logprobs: part.logprobs ?? [] });
  } else if (isOutputRefusal(part)) {
    emit('response.content_part.added', { ...at, part: { ...part, refusal: '' } });
    for (const delta of splitContent(part.refusal)) emit('response.refusal.delta', { ...at, delta });
    emit('response.refusal.done', { ...at, refusal: part.refusal });
  } else {
    emit('response.content_part.added', { ...at, part });
  }
  emit('response.content_part.done', { ...at, part });
}

type ItemAt = Omit<PartAt, 'content_index'>;

function replayArguments(emit: Emit, item: FunctionCallItem, at: ItemAt): void {
  for (const delta of splitByLength(item.arguments)) emit('response.function_call_arguments.delta', { ...at, delta });
  emit('response.function_call_arguments.done', { ...at, name: item.name, arguments: item.arguments });
}

function replayToolInput(emit: Emit, item: CustomToolCallItem, at: ItemAt): void {
  for (const delta of splitByLength(item.input)) emit('response.custom_tool_call_input.delta', { ...at, delta });
  emit('response.custom_tool_call_input.done', { ...at, input: item.input });
}

function replayReasoning(emit: Emit, item: ReasoningItem, at: ItemAt): void {
  item.summary.forEach((part, summaryIndex) => {
    const where = { ...at, summary_index: summaryIndex };
    emit('response.reasoning_summary_part.added', { ...where, part: { ...part, text: '' } });
    for (const delta of splitContent(part.text)) emit('response.reasoning_summary_text.delta', { ...where, delta });
    emit('response.reasoning_summary_text.done', { ...where, text: part.text });
    emit('response.reasoning_summary_part.done', { ...where, part });
  });
  (item.content ?? []).forEach((part, contentIndex) => {
    const where = { ...at, content_index: contentIndex };
    emit('response.content_part.added', { ...where, part: { ...part, text: '' } });
    for (const delta of splitContent(part.text)) emit('response.reasoning_text.delta', { ...where, delta });
    emit('response.reasoning_text.done', { ...where, text: part.text });
    emit('response.content_part.done', { ...where, part });
  });
}

/**
 * About ARGUMENT_PIECES slices that join back exactly (none for an empty string). Cut between code
 * points: half an emoji would be a lone surrogate, which strict JSON readers (serde) reject.
 */
function splitByLength(text: string): string[] {
  const codePoints = Array.from(text);
  const size = Math.max(1, Math.ceil(codePoints.length / ARGUMENT_PIECES));
  const pieces: string[] = [];
  for (let i = 0; i < codePoints.length; i += size) pieces.push(codePoints.slice(i, i + size).join(''));
  return pieces;
}
