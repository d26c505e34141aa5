// The gateway's OpenAI-compatible proxy, non-streaming, for callers (like the session hooks) that
// want one completion without an OpenAI client. Use the openai package for anything more.
import type { RequestOptions, Transport } from './transport.js';
import type { ChatCompletion, ChatCompletionRequest } from './types.js';

export class Chat {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a chat completion through the gateway (cached like any proxied call).
   * @example
   * const completion = await synapse.chat.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
   * console.log(completion.choices[0]?.message.content);
   */
  create(body: ChatCompletionRequest, options?: RequestOptions): Promise<ChatCompletion> {
    return this.transport.json({ method: 'POST', path: '/v1/chat/completions', body: { ...body, stream: false }, options });
  }
}
