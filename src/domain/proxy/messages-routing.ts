// Where an Anthropic Messages request goes: a model that SYNAPSE_MODEL_MAP maps is answered by that
// OpenAI-compatible model through translation; any other model goes to the Anthropic upstream when
// one serves it, and is otherwise translated under its own name.
import { messagesViaChatProtocol } from '../../protocols/anthropic/chat-translation/messages-via-chat-protocol.js';
import { messagesProtocolWithBetas } from '../../protocols/anthropic/messages-protocol.js';
import type { AnthropicMessage, MessagesRequest } from '../../protocols/anthropic/messages-types.js';
import type { UpstreamProvider } from '../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../providers/upstream-router.js';
import type { CompletionProtocol } from './completion-protocol.js';
import type { ModelMap } from './model-map.js';

export interface MessagesRoute {
  protocol: CompletionProtocol<MessagesRequest, AnthropicMessage>;
  provider: UpstreamProvider;
  /** True when an Anthropic upstream answers as it is; false when translated to chat completions. */
  native: boolean;
}

/** `betas` is the client's anthropic-beta header: it reaches (and is in the cache key of) a native call only. */
export function routeMessages(model: string, router: UpstreamRouter, modelMap: ModelMap, betas?: string): MessagesRoute {
  const mapped = modelMap.map(model);
  const anthropic = mapped === undefined ? router.find(model, 'anthropic') : undefined;
  if (anthropic) return { protocol: messagesProtocolWithBetas(betas), provider: anthropic, native: true };
  const upstreamModel = mapped ?? model;
  return { protocol: messagesViaChatProtocol(upstreamModel), provider: router.providerFor(upstreamModel, 'openai'), native: false };
}
