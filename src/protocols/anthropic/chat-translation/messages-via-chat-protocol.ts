// The Anthropic Messages API answered by an OpenAI-compatible upstream: the request is translated
// to a chat completion for `upstreamModel` and the answer (or its stream) back to a message. The
// upstream model is part of the cache material, so a change of SYNAPSE_MODEL_MAP never serves an
// answer another model wrote.
import type { CompletionProtocol } from '../../../domain/proxy/completion-protocol.js';
import { chatProtocol, parseChatCompletion } from '../../chat/chat-protocol.js';
import { readMessageUsage } from '../message-usage.js';
import { MESSAGES_KEYSPACE, isCacheableMessage } from '../messages-protocol.js';
import type { AnthropicMessage, MessagesRequest } from '../messages-types.js';
import { ChatToMessagesRelay } from './chat-to-messages-relay.js';
import { toAnthropicMessage } from './to-anthropic-message.js';
import { toChatRequest } from './to-chat-request.js';

export function messagesViaChatProtocol(upstreamModel: string): CompletionProtocol<MessagesRequest, AnthropicMessage> {
  return {
    name: 'messages-via-chat',
    keyspace: MESSAGES_KEYSPACE,
    upstreamKind: 'openai',
    keyMaterial: (body) => ({ ...body, '\u0000upstream_model': upstreamModel }),
    semanticView: (body) => ({ ...body, '\u0000upstream_model': upstreamModel }),
    isCacheableRequest: () => true,
    wantsStream: (body) => body.stream === true,
    model: (body) => body.model,
    upstreamCall(body, stream) {
      const chat = toChatRequest({ ...body, stream }, upstreamModel);
      return chatProtocol.upstreamCall(chat, stream);
    },
    parseAnswer: (text, body) => toAnthropicMessage(parseChatCompletion(text), body.model),
    streamRelay: (body) => new ChatToMessagesRelay(body.model),
    isCacheableAnswer: isCacheableMessage,
    usageOf: readMessageUsage,
  };
}
