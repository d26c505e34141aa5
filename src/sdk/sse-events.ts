// Reads a text/event-stream response body as an async iterable of events, each event's data
// parsed as JSON when it is JSON. Used by the streaming intelligence query.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from './types.js';

export async function* readServerSentEvents(response: Response): AsyncGenerator<StreamEvent> {
  if (!response.body) return;
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (queue.length > 0) {
      const event = queue.shift()!;
      if (event.data === '[DONE]') return;
      yield { event: event.event, data: parseData(event.data) };
    }
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
