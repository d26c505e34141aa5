// What the proxy routes exchange besides the request bodies: the cache request headers a client may
// send, the cache response headers, the gateway's `synapse_metadata`, the cache preview answered for
// `x-synapse-preview-cache: true`, and the main fields of the answers. Answers are sent as the
// upstream or the cache produced them (bytes, never re-serialized by these schemas): the schemas
// describe them for the document, every other field allowed.
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_CONTEXT_HEADER_LENGTH } from '../../../domain/cache/workspace-scope.js';

const open = { additionalProperties: true } as const;
const flag = (description: string) => Type.Optional(Type.String({ description: `${description} \`true\`, \`1\` or \`yes\` turn it on.` }));

/** The request headers every proxy route reads. Plain strings: the routes check their values (src/http/routes/proxy/). */
export const ProxyRequestHeaders = Type.Object(
  {
    'x-synapse-skip-cache': flag('Neither look up nor store: the answer comes from the upstream (x-synapse-cache-status SKIP, synapse_metadata.source bypass).'),
    'x-synapse-force-refresh': flag('Call the upstream and replace the entry (role user).'),
    'x-synapse-cache-ttl': Type.Optional(Type.String({ description: 'Lifetime of the stored entry in whole seconds, 1 to cache.maxTtlSecs (role user).' })),
    'x-synapse-passthrough': flag('Send the request on untouched, cache neither consulted nor written (x-synapse-cache-status BYPASS).'),
    'cache-control': Type.Optional(Type.String({ description: '`no-cache` (fresh answer, the entry replaced) and `no-store` (not stored) are honoured.' })),
    'x-synapse-preview-cache': flag('Answer with the cache prediction (would it hit, which tier, similarity, latency estimate) instead: the upstream is never called and nothing is stored.'),
    'x-synapse-workspace-context': Type.Optional(
      Type.String({
        maxLength: MAX_CONTEXT_HEADER_LENGTH,
        description: 'The workspace state, `commit:<hash>,dirty:<n>,files_hash:<h>,root:<path>`: part of the cache partition, so an answer cached for one state is never served for another. Spacing, pair order and the case of keys and hashes do not matter.',
      }),
    ),
    'x-synapse-code-context': Type.Optional(
      Type.String({
        maxLength: MAX_CONTEXT_HEADER_LENGTH,
        description: 'A JSON object describing the code (`git_commit`, `mentioned_files_mtime`, ...): part of the cache partition like x-synapse-workspace-context. Key order and spacing do not matter.',
      }),
    ),
    'x-synapse-agent-session': Type.Optional(Type.String({ description: "The caller's agent session, for the agent-session statistics." })),
    'x-synapse-agent-type': Type.Optional(Type.String({ description: 'The kind of agent calling (claude-code, codex, ...).' })),
  },
  open,
);

/** The Messages routes also read Anthropic's headers, forwarded to an Anthropic upstream. */
export const MessagesRequestHeaders = Type.Object(
  {
    ...ProxyRequestHeaders.properties,
    'anthropic-version': Type.Optional(Type.String({ description: 'Forwarded to an Anthropic upstream.' })),
    'anthropic-beta': Type.Optional(Type.String({ description: 'Forwarded to an Anthropic upstream; it also decides some translations.' })),
  },
  open,
);

/** The models routes answer Anthropic's shapes to a client that sends anthropic-version. */
export const ModelsRequestHeaders = Type.Object(
  {
    'anthropic-version': Type.Optional(Type.String({ description: "Present: Anthropic's list and model shapes (and error shape)." })),
    'x-synapse-preview-cache': ProxyRequestHeaders.properties['x-synapse-preview-cache'],
  },
  open,
);

/** synapse_metadata.source: which tier answered (WorldFlow's names). `unknown` is never sent by this gateway. */
export const MetadataSource = Type.Union([Type.Literal('l1'), Type.Literal('l2'), Type.Literal('provider'), Type.Literal('bypass'), Type.Literal('unknown')], {
  description: 'l1: the exact tier; l2: the semantic tier (a paraphrase); provider: the upstream; bypass: the cache was skipped (x-synapse-skip-cache, x-synapse-passthrough).',
});

export const SynapseMetadata = Type.Object({
  cache_hit: Type.Boolean(),
  similarity: Type.Number({ description: '1 for an exact hit, the matched similarity (4 decimals) for a semantic hit, 0 otherwise.' }),
  source: MetadataSource,
  latency_ms: Type.Integer({ description: 'Time spent in the gateway until the answer was sent, in whole milliseconds.' }),
  session_id: Type.Optional(Type.String({ description: "The request's session_id, echoed." })),
});
export type SynapseMetadata = Static<typeof SynapseMetadata>;

/** The response headers telling how the cache took part (set by src/http/routes/proxy/outcome-writer.ts). */
export const CacheResponseHeaders = {
  'x-cache-status': { type: 'string', enum: ['HIT', 'MISS'], description: 'HIT when the cache answered.' },
  'x-synapse-cache-status': {
    type: 'string',
    enum: ['HIT', 'MISS', 'SKIP', 'BYPASS'],
    description: 'MISS: looked up, not found; SKIP: not consulted (x-synapse-skip-cache, a request the cache does not keep, a route it does not serve); BYPASS: x-synapse-passthrough. A hit is plain HIT (never HIT-L1/HIT-L2: the tier is in x-synapse-cache-tier).',
  },
  'x-synapse-cache-tier': {
    type: 'string',
    enum: ['L0', 'L1', 'L2', 'NONE'],
    description: 'L1: the exact tier answered; L2: the semantic tier; NONE: no tier did. L0 is in the enum for WorldFlow clients and never sent.',
  },
  'x-synapse-latency-ms': { type: 'string', pattern: '^[0-9]+$', description: 'Time spent in the gateway, whole milliseconds.' },
  'x-synapse-similarity': { type: 'string', pattern: '^[01]\\.[0-9]{4}$', description: 'On hits: the similarity, 4 decimals (1.0000 for an exact hit).' },
  'x-cache-similarity': { type: 'string', pattern: '^[01]\\.[0-9]{4}$', description: 'The same as x-synapse-similarity (WorldFlow name).' },
  'x-synapse-cost-saved': { type: 'string', description: 'On hits: the estimated USD the hit saved.' },
  'x-coalesced': { type: 'string', enum: ['original', 'piggybacked'], description: 'On a miss that shared one upstream call with identical concurrent requests.' },
} as const;

const PreviewNearest = Type.Object({
  entryId: Type.String(),
  similarity: Type.Number(),
  rejectedBecause: Type.Optional(Type.String()),
});

/** The answer to `x-synapse-preview-cache: true`: the prediction of POST /api/v1/cache/preview, for this route's request. */
export const ProxyCachePreview = Type.Object(
  {
    preview: Type.Literal(true),
    cacheable: Type.Boolean({ description: 'False when the cache would not be consulted for this request (notCachedBecause says why).' }),
    action: Type.Union([Type.Literal('hit'), Type.Literal('miss')], { description: 'hit: the cache would answer; miss: the upstream would.' }),
    tier: Type.Union([Type.Literal('L1'), Type.Literal('L2'), Type.Literal('NONE')], { description: 'The tier that would answer (L1 exact, L2 semantic).' }),
    source: Type.Union([Type.Literal('exact'), Type.Literal('semantic'), Type.Null()]),
    similarity: Type.Union([Type.Number(), Type.Null()], { description: 'The similarity it would match with (4 decimals).' }),
    threshold: Type.Union([Type.Number(), Type.Null()], { description: "The tenant's cacheHitThreshold; null when the cache would not be consulted." }),
    entryId: Type.Union([Type.String(), Type.Null()], { description: 'The entry that would answer.' }),
    nearest: Type.Union([PreviewNearest, Type.Null()], { description: 'The closest cached request of the same partition, matched or not.' }),
    estimatedLatencyMs: Type.Union([Type.Integer(), Type.Null()], {
      description: "For a hit: the preview's own lookup time, whole milliseconds (the same lookups a served hit makes). Null for a miss: it takes as long as the upstream.",
    }),
    exactOnlyBecause: Type.Optional(Type.String({ description: 'Why only an exact match could serve the request.' })),
    notCachedBecause: Type.Optional(Type.String({ description: 'Why the cache would not be consulted.' })),
  },
  { description: 'The cache prediction (x-synapse-preview-cache: true); the upstream was not called and nothing was stored.' },
);
export type ProxyCachePreview = Static<typeof ProxyCachePreview>;

const Usage = Type.Object({}, { ...open, description: "The upstream's token usage." });

export const ChatCompletion = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('chat.completion'),
    created: Type.Integer(),
    model: Type.String(),
    choices: Type.Array(Type.Object({ index: Type.Integer(), message: Type.Object({}, open), finish_reason: Type.Union([Type.String(), Type.Null()]) }, open)),
    usage: Type.Optional(Usage),
    synapse_metadata: SynapseMetadata,
  },
  { ...open, description: "An OpenAI chat completion with the gateway's synapse_metadata." },
);

export const TextCompletion = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('text_completion'),
    created: Type.Integer(),
    model: Type.String(),
    choices: Type.Array(Type.Object({ text: Type.String(), index: Type.Integer() }, open)),
    usage: Type.Optional(Usage),
  },
  { ...open, description: 'An OpenAI legacy text completion, as the upstream sent it.' },
);

export const ResponseObject = Type.Object(
  { id: Type.String(), object: Type.Literal('response'), status: Type.String(), model: Type.String(), output: Type.Array(Type.Object({}, open)), usage: Type.Optional(Usage) },
  { ...open, description: 'An OpenAI Responses API response, as the upstream sent it.' },
);

export const AnthropicMessage = Type.Object(
  {
    id: Type.String(),
    type: Type.Literal('message'),
    role: Type.Literal('assistant'),
    model: Type.String(),
    content: Type.Array(Type.Object({ type: Type.String() }, open)),
    stop_reason: Type.Union([Type.String(), Type.Null()]),
    usage: Usage,
  },
  { ...open, description: 'An Anthropic message, as the upstream sent it (or translated from chat completions).' },
);

export const EmbeddingList = Type.Object(
  {
    object: Type.Literal('list'),
    data: Type.Array(Type.Object({ object: Type.Literal('embedding'), index: Type.Integer(), embedding: Type.Union([Type.Array(Type.Number()), Type.String()]) }, open)),
    model: Type.String(),
    usage: Type.Optional(Usage),
  },
  { ...open, description: "The upstream's embeddings (base64 when asked, encoded here if the upstream ignored it)." },
);

export const OpenAiModel = Type.Object({ id: Type.String(), object: Type.Literal('model'), created: Type.Integer(), owned_by: Type.String() });
export const AnthropicModel = Type.Object({ type: Type.Literal('model'), id: Type.String(), display_name: Type.String(), created_at: Type.String() });
export const OpenAiModelList = Type.Object({ object: Type.Literal('list'), data: Type.Array(OpenAiModel) });
export const AnthropicModelList = Type.Object({
  data: Type.Array(AnthropicModel),
  has_more: Type.Boolean(),
  first_id: Type.Union([Type.String(), Type.Null()]),
  last_id: Type.Union([Type.String(), Type.Null()]),
});
export type OpenAiModel = Static<typeof OpenAiModel>;
export type AnthropicModel = Static<typeof AnthropicModel>;
export type OpenAiModelList = Static<typeof OpenAiModelList>;
export type AnthropicModelList = Static<typeof AnthropicModelList>;

const SSE_DESCRIPTION = "With `stream: true`: the API's own server-sent events (a cached answer is replayed as a stream).";

/**
 * A 200 of a proxy route, for the document: the JSON answer (or the cache preview), the event
 * stream when the route streams, and the cache headers.
 */
export function proxyAnswer(json: TSchema, description: string, options: { stream?: boolean; headers?: Partial<typeof CacheResponseHeaders> } = {}) {
  return {
    description,
    headers: options.headers ?? CacheResponseHeaders,
    content: {
      'application/json': { schema: Type.Union([json, ProxyCachePreview]) },
      ...(options.stream ? { 'text/event-stream': { schema: Type.String({ description: SSE_DESCRIPTION }) } } : {}),
    },
  };
}

/** The cache headers of routes the cache does not serve (embeddings, models, count_tokens, forwarded Responses routes). */
export const UncachedResponseHeaders = {
  'x-cache-status': CacheResponseHeaders['x-cache-status'],
  'x-synapse-cache-status': CacheResponseHeaders['x-synapse-cache-status'],
  'x-synapse-cache-tier': CacheResponseHeaders['x-synapse-cache-tier'],
  'x-synapse-latency-ms': CacheResponseHeaders['x-synapse-latency-ms'],
};
