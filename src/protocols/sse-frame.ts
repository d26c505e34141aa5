// Server-sent event framing shared by every protocol: an optional `event:` line and one `data:`
// line. Data that is already text (a relayed upstream event, `[DONE]`) is written as it is.
import type { SseEvent } from './stream-relay.js';

/** The event that ends every successful OpenAI-style stream (chat and legacy completions). */
export const DONE_EVENT: SseEvent = Object.freeze({ data: '[DONE]' });

export function frameSse(event: SseEvent): string {
  const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return event.event === undefined ? `data: ${data}\n\n` : `event: ${event.event}\ndata: ${data}\n\n`;
}

export function frameSseEvents(events: SseEvent[]): string {
  let text = '';
  for (const event of events) text += frameSse(event);
  return text;
}
