// Chat completions on the wire: answers carry `synapse_metadata` (SPEC 2), spliced into a cached
// body's stored text rather than re-serialized, and a stream replay ends with `data: [DONE]`.
import { DONE_EVENT } from '../../../../protocols/sse-frame.js';
import type { ChatCompletion, ChatRequestBody } from '../../../../protocols/chat/chat-types.js';
import { replayAsChunks } from '../../../../protocols/chat/completion-replay.js';
import type { AnswerWire, ResponseMetadata } from '../outcome-writer.js';

export const chatWire: AnswerWire<ChatRequestBody, ChatCompletion> = {
  replay(completion, body) {
    const includeUsage = body.stream_options?.include_usage === true;
    return [...replayAsChunks(completion, { includeUsage }).map((chunk) => ({ data: chunk })), DONE_EVENT];
  },
  cachedJson(bodyText, metadata, body) {
    return bodyText.slice(0, -1) + ',"synapse_metadata":' + metadataJson(metadata, body.session_id) + '}';
  },
  freshJson(completion, metadata, body) {
    return JSON.stringify({ ...completion, synapse_metadata: withSession(metadata, body) });
  },
};

/**
 * JSON.stringify(withSession(metadata, body)), character for character, written out: a cache hit
 * sends it on every answer and the general serializer cost it 2% of a hit.
 */
export function metadataJson(metadata: ResponseMetadata, sessionId: string | undefined): string {
  const session = sessionId === undefined ? '' : ',"session_id":' + JSON.stringify(sessionId);
  return (
    '{"cache_hit":' + (metadata.cache_hit ? 'true' : 'false') +
    ',"similarity":' + jsonNumber(metadata.similarity) +
    ',"source":' + JSON.stringify(metadata.source) +
    ',"latency_ms":' + jsonNumber(metadata.latency_ms) +
    session + '}'
  );
}

/** A number as JSON.stringify writes it (null when not finite). */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

function withSession(metadata: ResponseMetadata, body: ChatRequestBody): ResponseMetadata & { session_id?: string } {
  return body.session_id === undefined ? metadata : { ...metadata, session_id: body.session_id };
}
