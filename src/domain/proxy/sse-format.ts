// Server-sent event framing for OpenAI-style streams.
import type { SynapseError } from '../../errors.js';

export const SSE_DONE = 'data: [DONE]\n\n';

export function sseData(json: string): string {
  return `data: ${json}\n\n`;
}

/** The one event that ends a stream which failed after it started (openai clients raise on it). */
export function sseError(error: SynapseError): string {
  const body = JSON.stringify({ error: { message: error.message, type: error.type, code: error.publicCode } });
  return `event: error\ndata: ${body}\n\n`;
}
