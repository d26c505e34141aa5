// The wire of APIs whose answers travel exactly as the upstream produced them (Anthropic Messages,
// Responses, legacy completions): no gateway fields in the body, only headers; a stream replay is
// the protocol's own event sequence.
import type { SseEvent } from '../../../../protocols/stream-relay.js';
import type { AnswerWire } from '../outcome-writer.js';

export function plainWire<Body, Answer>(replay: (answer: Answer, body: Body) => SseEvent[]): AnswerWire<Body, Answer> {
  return {
    replay,
    cachedJson: (bodyText) => bodyText,
    freshJson: (answer) => JSON.stringify(answer),
  };
}
