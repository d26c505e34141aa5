// Server-sent-events writer shared by the fake upstream's streams: OpenAI chat and legacy
// completions (`data:` lines ending in [DONE]), Anthropic Messages and OpenAI Responses (`event:` lines).
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { newId } from './http-helpers.js';

/** Writes one event per network write, respecting backpressure. */
export class SseWriter {
  constructor(private readonly res: ServerResponse) {}

  /** `requestIdHeader` differs per vendor: OpenAI sends x-request-id, Anthropic request-id. */
  start(requestIdHeader: 'x-request-id' | 'request-id' = 'x-request-id'): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      [requestIdHeader]: newId('req_'),
    });
  }

  /** Sends `data: <json>`, preceded by `event: <name>` when a name is given. False once the client is gone. */
  async send(payload: unknown, event?: string): Promise<boolean> {
    if (this.res.destroyed) return false;
    const frame = `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(payload)}\n\n`;
    if (!this.res.write(frame)) await this.drainOrClose();
    // Yield between events so each one leaves separately, as a real token stream would.
    await nextTurn();
    return !this.res.destroyed;
  }

  /** Ends the stream, OpenAI chat and legacy completions with their `data: [DONE]` trailer. */
  finish(trailer = 'data: [DONE]\n\n'): void {
    if (!this.res.destroyed) this.res.end(trailer);
  }

  private drainOrClose(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
  }
}

/** Words with their leading whitespace, so the pieces concatenate back to exactly `text`. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [''];
}

/** `text` cut into at most `parts` pieces of equal size (JSON arguments are streamed this way). */
export function splitInto(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}
