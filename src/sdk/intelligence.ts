// Intelligence queries: a question answered from the tenant's milestones, with cited sources.
import { readServerSentEvents } from './sse-events.js';
import type { RequestOptions, Transport } from './transport.js';
import type { IntelligenceAnswer, IntelligenceModels, IntelligenceQuery, StreamEvent } from './types.js';

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
   * The models an answer can be written with: the configured LLM (if any) and the built-in extractive mode.
   * @example
   * const { models } = await synapse.intelligence.models();
   */
  models(options?: RequestOptions): Promise<IntelligenceModels> {
    return this.transport.json({ method: 'GET', path: '/api/v1/memory/intelligence/models', options });
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
