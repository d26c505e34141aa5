// A stream of SseEvent objects (what the domain's stream pump produces) as the text/event-stream
// bytes a client reads. Either side going away ends both: a client that disconnects stops the pump.
import { pipeline, Transform, type Readable } from 'node:stream';
import { frameSse } from '../protocols/sse-frame.js';
import type { SseEvent } from '../protocols/stream-relay.js';

export function framedSse(events: Readable): Readable {
  const framing = new Transform({
    writableObjectMode: true,
    transform(event: SseEvent, _encoding, done) {
      done(null, frameSse(event));
    },
  });
  return pipeline(events, framing, () => undefined);
}
