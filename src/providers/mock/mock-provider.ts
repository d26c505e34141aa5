// The built-in `mock` upstream (SYNAPSE_MOCK=1, `synapse serve --mock`): answers every call the
// gateway makes, as JSON or as that API's SSE stream, in-process and deterministically, with no
// network and no key. The gateway's pipeline (cache, coalescing, stream relays) runs unchanged
// on its answers, so it is a way to try Synapse and to test an application offline.
import { replayMessageEvents } from '../../protocols/anthropic/message-replay.js';
import { replayAsChunks } from '../../protocols/chat/completion-replay.js';
import { replayCompletionChunks } from '../../protocols/completions/completion-replay.js';
import { replayResponseEvents } from '../../protocols/responses/response-replay.js';
import { DONE_EVENT, frameSseEvents } from '../../protocols/sse-frame.js';
import type { SseEvent } from '../../protocols/stream-relay.js';
import type { UpstreamKind, UpstreamProvider, UpstreamRequest, UpstreamResponse } from '../upstream-provider.js';
import {
  mockAnthropicMessage,
  mockChatCompletion,
  mockCountTokens,
  mockEmbeddings,
  mockModelList,
  mockResponseObject,
  mockTextCompletion,
} from './mock-answers.js';
import { isObject, type JsonObject } from './mock-prompt.js';

/** Marks every response of a gateway whose answers come from the mock provider. */
export const MOCK_HEADER = 'x-synapse-mock';

type MockAnswer = { status: number; json: unknown } | { status: 200; events: SseEvent[] };

export class MockProvider implements UpstreamProvider {
  constructor(
    readonly name: string,
    readonly kind: UpstreamKind,
  ) {}

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    request.signal?.throwIfAborted();
    const answer = this.answer(request);
    const stream = 'events' in answer;
    const text = stream ? frameSseEvents(answer.events) : JSON.stringify(answer.json);
    const frames = stream ? answer.events.map((event) => frameSseEvents([event])) : [text];
    const signal = request.signal;
    return {
      status: answer.status,
      headers: { 'content-type': stream ? 'text/event-stream' : 'application/json', [MOCK_HEADER]: 'true' },
      body: (async function* () {
        // One event per chunk, as a real stream arrives, so the relays see event boundaries.
        for (const frame of frames) {
          signal?.throwIfAborted();
          yield Buffer.from(frame);
        }
      })(),
      text: async () => text,
      discard: async () => undefined,
    };
  }

  async close(): Promise<void> {}

  private answer(request: UpstreamRequest): MockAnswer {
    const body = parseBody(request.body);
    const bodyText = request.body ?? '';
    const wantsStream = body.stream === true;
    const route = `${request.method} ${request.path}`;
    if (this.kind === 'anthropic') {
      if (route === 'POST /v1/messages') {
        const message = mockAnthropicMessage(body, bodyText);
        return wantsStream ? { status: 200, events: replayMessageEvents(message) } : { status: 200, json: message };
      }
      if (route === 'POST /v1/messages/count_tokens') return { status: 200, json: mockCountTokens(body) };
      if (route === 'GET /v1/models') return { status: 200, json: mockModelList('anthropic') };
      return { status: 404, json: { type: 'error', error: { type: 'not_found_error', message: `the mock provider has no ${route}` } } };
    }
    switch (route) {
      case 'POST /chat/completions': {
        const completion = mockChatCompletion(body, bodyText);
        if (!wantsStream) return { status: 200, json: completion };
        const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
        const chunks = replayAsChunks(completion, { includeUsage }).map((data): SseEvent => ({ data }));
        return { status: 200, events: [...chunks, DONE_EVENT] };
      }
      case 'POST /completions': {
        const completion = mockTextCompletion(body, bodyText);
        if (!wantsStream) return { status: 200, json: completion };
        const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
        return { status: 200, events: replayCompletionChunks(completion, { includeUsage }) };
      }
      case 'POST /responses': {
        const response = mockResponseObject(body, bodyText);
        return wantsStream ? { status: 200, events: replayResponseEvents(response) } : { status: 200, json: response };
      }
      case 'POST /embeddings':
        return { status: 200, json: mockEmbeddings(body) };
      case 'GET /models':
        return { status: 200, json: mockModelList('openai') };
      default: {
        // Stored responses (GET /responses/{id}, ...) would need state the mock does not keep.
        const message = `the mock provider keeps no state and has no ${route}`;
        return { status: 404, json: { error: { message, type: 'invalid_request_error', code: 'not_found' } } };
      }
    }
  }
}

function parseBody(text: string | undefined): JsonObject {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** The two mock upstreams a gateway in mock mode routes every model to: OpenAI-compatible and Anthropic. */
export function mockUpstreams(): Array<{ config: { name: string; kind: UpstreamKind; models: string[] }; provider: MockProvider }> {
  return [
    { config: { name: 'mock', kind: 'openai', models: ['*'] }, provider: new MockProvider('mock', 'openai') },
    { config: { name: 'mock-anthropic', kind: 'anthropic', models: ['*'] }, provider: new MockProvider('mock-anthropic', 'anthropic') },
  ];
}
