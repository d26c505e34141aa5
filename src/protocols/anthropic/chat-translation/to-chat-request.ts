// An Anthropic Messages request as an OpenAI chat completions request, for a model whose upstream
// speaks only the OpenAI API. What has no equivalent is dropped (listed below) or refused with a 400.
import { SynapseError } from '../../../errors.js';
import type { ChatRequestBody } from '../../chat/chat-types.js';
import type { MessagesRequest, ToolChoice, ToolDefinition } from '../messages-types.js';
import { toChatMessages } from './to-chat-messages.js';

/** Request fields the translation carries over (as model, messages, max_tokens, stop, ...). */
export const TRANSLATED_REQUEST_FIELDS = [
  'model',
  'messages',
  'system',
  'max_tokens',
  'stop_sequences',
  'temperature',
  'top_p',
  'stream',
  'tools',
  'tool_choice',
] as const;

/**
 * Anthropic request fields with no chat equivalent, dropped: the answer comes without them.
 * `top_k` (no chat parameter), `metadata` (its user_id does not fit chat's `user` limits),
 * `thinking` (extended thinking), `cache_control` (prompt caching; OpenAI caches prefixes by
 * itself), `context_management`, `output_config` (effort and JSON output format), `service_tier`,
 * `container`, `mcp_servers`, `diagnostics`, `inference_geo`, `speed`, `user_profile_id`,
 * `workspace_id`. Any other field not in TRANSLATED_REQUEST_FIELDS is dropped too: OpenAI
 * rejects parameters it does not know.
 * Inside messages, `cache_control` and `citations` settings on blocks and thinking blocks are dropped.
 */
export const DROPPED_REQUEST_FIELDS = [
  'top_k',
  'metadata',
  'thinking',
  'cache_control',
  'context_management',
  'output_config',
  'service_tier',
  'container',
  'mcp_servers',
  'diagnostics',
  'inference_geo',
  'speed',
  'user_profile_id',
  'workspace_id',
] as const;

/** Fields of a custom tool definition that are dropped: only name, description and input_schema translate. */
export const DROPPED_TOOL_FIELDS = [
  'cache_control',
  'strict',
  'defer_loading',
  'eager_input_streaming',
  'input_examples',
  'allowed_callers',
] as const;

export function toChatRequest(body: MessagesRequest, upstreamModel: string): ChatRequestBody {
  const request: ChatRequestBody = { model: upstreamModel, messages: toChatMessages(body.system, body.messages) };
  if (body.max_tokens !== undefined) request.max_tokens = body.max_tokens;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) request.stop = body.stop_sequences;
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.top_p = body.top_p;
  const tools = (body.tools ?? []).map(toChatTool);
  // Chat rejects tool_choice and parallel_tool_calls without tools.
  if (tools.length > 0) {
    request.tools = tools;
    Object.assign(request, toolChoiceFields(body.tool_choice));
  }
  if (body.stream === true) {
    request.stream = true;
    // Usage comes last in a chat stream only when asked for; the Anthropic stream needs it.
    request.stream_options = { include_usage: true };
  }
  return request;
}

/** Only custom tools (a JSON schema) translate; Anthropic-defined tools run on Anthropic's side. */
function toChatTool(tool: ToolDefinition, index: number): Record<string, unknown> {
  if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
    throw new SynapseError('validation_failed', {
      detail:
        `tools[${index}] '${String(tool.name)}' is an Anthropic-defined tool (${tool.type}); this model's upstream ` +
        'speaks the OpenAI chat API, which can run only custom tools with an input_schema',
    });
  }
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.input_schema ?? { type: 'object', properties: {} },
    },
  };
}

function toolChoiceFields(choice: ToolChoice | undefined): Record<string, unknown> {
  if (!choice) return {};
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'tool':
      return { tool_choice: { type: 'function', function: { name: choice.name } }, ...parallel };
    case 'none':
      return { tool_choice: 'none' };
    default:
      throw new SynapseError('validation_failed', { detail: `tool_choice.type '${String((choice as { type: unknown }).type)}' is unknown` });
  }
}
