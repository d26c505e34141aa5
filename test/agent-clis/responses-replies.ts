// OpenAI Responses API answers as the real API shapes them: the JSON response object and the SSE
// stream (response.created ... response.completed, each event with its sequence_number).
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { estimateTokens } from './anthropic-replies.js';

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

function responseObject(id: string, model: string, status: string, output: unknown[], usage: unknown): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: null,
    model,
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    store: false,
    usage,
  };
}

function usageFor(inputTokens: number, text: string): Record<string, unknown> {
  const outputTokens = estimateTokens(text);
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

function completedMessage(itemId: string, text: string): Record<string, unknown> {
  return { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [outputText(text)] };
}

export function sendResponseJson(res: ServerResponse, model: string, text: string, inputTokens: number): void {
  const body = responseObject(newId('resp'), model, 'completed', [completedMessage(newId('msg'), text)], usageFor(inputTokens, text));
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': newId('req') });
  res.end(JSON.stringify(body));
}

export function sendResponseStream(res: ServerResponse, model: string, text: string, inputTokens: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': newId('req') });
  let sequence = 0;
  const emit = (data: Record<string, unknown>): void => {
    const event = { ...data, sequence_number: sequence++ };
    res.write(`event: ${String(data['type'])}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const responseId = newId('resp');
  const itemId = newId('msg');
  const inProgress = responseObject(responseId, model, 'in_progress', [], null);
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  emit({ type: 'response.created', response: inProgress });
  emit({ type: 'response.in_progress', response: inProgress });
  emit({ type: 'response.output_item.added', output_index: 0, item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
  emit({ type: 'response.content_part.added', ...at, part: outputText('') });
  for (const piece of text.match(/\S+\s*/g) ?? [text]) emit({ type: 'response.output_text.delta', ...at, delta: piece, logprobs: [] });
  emit({ type: 'response.output_text.done', ...at, text, logprobs: [] });
  emit({ type: 'response.content_part.done', ...at, part: outputText(text) });
  const item = completedMessage(itemId, text);
  emit({ type: 'response.output_item.done', output_index: 0, item });
  emit({ type: 'response.completed', response: responseObject(responseId, model, 'completed', [item], usageFor(inputTokens, text)) });
  res.end();
}
