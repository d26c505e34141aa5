// The OpenAI Responses API as a CompletionProtocol: what identifies a Codex session (item ids,
// client metadata, prompt cache key) stays out of the key, requests that lean on state kept
// upstream are never cached, and only completed answers are stored.
import type { CompletionProtocol } from '../../domain/proxy/completion-protocol.js';
import { SynapseError } from '../../errors.js';
import { withoutGatewayFields } from '../gateway-only-fields.js';
import { dependsOnServerState, isCacheableResponse, responsesKeyMaterial, responsesSemanticView } from './responses-cache-rules.js';
import { ResponsesStreamRelay } from './responses-stream-relay.js';
import type { ResponseObject, ResponsesRequest } from './responses-types.js';

export const responsesProtocol: CompletionProtocol<ResponsesRequest, ResponseObject> = {
  name: 'responses',
  keyspace: 'responses',
  upstreamKind: 'openai',
  keyMaterial: responsesKeyMaterial,
  semanticView: responsesSemanticView,
  isCacheableRequest: (body) => !dependsOnServerState(body),
  wantsStream: (body) => body.stream === true,
  model: (body) => (typeof body.model === 'string' ? body.model : ''),
  upstreamCall(body, stream) {
    const forwarded = withoutGatewayFields(body);
    return { path: '/responses', body: JSON.stringify(stream === (body.stream === true) ? forwarded : { ...forwarded, stream }) };
  },
  parseAnswer(text) {
    const response = JSON.parse(text) as ResponseObject;
    if (response?.object !== 'response' || !Array.isArray(response.output)) {
      throw new SynapseError('upstream_failed', { detail: 'response is not a Responses API response' });
    }
    return response;
  },
  streamRelay: () => new ResponsesStreamRelay(),
  isCacheableAnswer: isCacheableResponse,
  usageOf: (response) => ({ inputTokens: response.usage?.input_tokens ?? 0, outputTokens: response.usage?.output_tokens ?? 0 }),
};
