// Intelligence queries: a question answered from the tenant's milestones, with cited sources.
import { readServerSentEvents } from './sse-events.js';
import type { RequestOptions, Transport } from './transport.js';
import type { IntelligenceAnswer, IntelligenceQuery, StreamEvent } from './types.js';

export class Intelligence {
  constructor(private readonly transport: Transport) {}

  /**
   * Answers a question from the milestones in `timeRange` (default 30 days).
   * @example
   * const { answer, sources } = await synapse.intelligence.query({ question: 'What did the team work on this week?', timeRange: '7d' });
   */
  query(input: IntelligenceQuery, options?: RequestOptions): Promise<IntelligenceAnswer> {
    return this.transport.json({ method: 'POST', path: '/api/v1/memory/intelligence/query', body: input, options });
  }

  /**
   * The same answer as server-sent events, as they arrive.
   * @example
   * for await (const event of synapse.intelligence.stream({ question: 'What changed in auth?' })) console.log(event.event, event.data);
   */
  async *stream(input: IntelligenceQuery, options?: RequestOptions): AsyncGenerator<StreamEvent> {
    const response = await this.transport.send({
      method: 'POST',
      path: '/api/v1/memory/intelligence/query/stream',
      body: input,
      options: { ...options, headers: { accept: 'text/event-stream', ...options?.headers } },
    });
    yield* readServerSentEvents(response);
  }
}
