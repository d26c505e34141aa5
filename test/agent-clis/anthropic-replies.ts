// Anthropic Messages API answers as the real API shapes them (JSON and the SSE event sequence),
// used by the capture server that stands in for the upstream when watching Claude Code.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export function newMessageId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}

function usage(inputTokens: number, outputTokens: number): Record<string, number> {
  return { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens };
}

/** Rough token count: good enough for a stand-in, the CLIs only display it. */
export function estimateTokens(body: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(body ?? '').length / 4));
}

export function sendMessageJson(res: ServerResponse, model: string, text: string, inputTokens: number): void {
  const body = {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: usage(inputTokens, estimateTokens(text)),
  };
  const payload = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(8).toString('hex')}` });
  res.end(payload);
}

function writeEvent(res: ServerResponse, data: Record<string, unknown>): void {
  res.write(`event: ${String(data['type'])}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** message_start, content_block_start, ping, content_block_delta x n, content_block_stop, message_delta, message_stop. */
export function sendMessageStream(res: ServerResponse, model: string, text: string, inputTokens: number): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': `req_${randomBytes(8).toString('hex')}`,
  });
  const message = { id: newMessageId(), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usage(inputTokens, 1) };
  writeEvent(res, { type: 'message_start', message });
  writeEvent(res, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  writeEvent(res, { type: 'ping' });
  for (const piece of text.match(/\S+\s*/g) ?? [text]) {
    writeEvent(res, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
  }
  writeEvent(res, { type: 'content_block_stop', index: 0 });
  writeEvent(res, { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: estimateTokens(text) } });
  writeEvent(res, { type: 'message_stop' });
  res.end();
}

export function sendAnthropicError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ type: 'error', error: { type, message } }));
}
