// What the completion pipeline needs to know about one LLM API (OpenAI chat, Anthropic Messages,
// Responses, legacy completions, or a translation between two of them): what goes into the cache
// key, what the semantic layer may compare, how to call the upstream and read its answer. The
// pipeline does the rest (look up, coalesce, call, store) the same way for every protocol.
import type { TokenUsage } from '../../protocols/protocol-usage.js';
import type { StreamRelay } from '../../protocols/stream-relay.js';
import type { UpstreamProvider } from '../../providers/upstream-provider.js';

/** A chat-like view of a request for the semantic layer: `messages` plus every other field. */
export interface SemanticView {
  messages: unknown[];
  [field: string]: unknown;
}

/** The body of the upstream request for a call, and where it goes below the provider's base. */
export interface UpstreamCall {
  path: string;
  body: string;
}

export interface CompletionProtocol<Body, Answer> {
  /** For logs and metrics. */
  readonly name: string;
  /**
   * Keeps each API's cache entries apart: two APIs' bodies may look alike but their answers never
   * serve each other. Empty for chat completions (their keys predate the other APIs).
   */
  readonly keyspace: string;
  /** The provider kind this protocol talks to. */
  readonly upstreamKind: UpstreamProvider['kind'];
  /** Every field that can change the answer; what identifies the caller's session is left out. */
  keyMaterial(body: Body): Record<string, unknown>;
  /** The view the semantic layer compares, or undefined when only an exact match may serve it. */
  semanticView(body: Body): SemanticView | undefined;
  /** False when the answer depends on state kept upstream: never looked up nor stored. */
  isCacheableRequest(body: Body): boolean;
  wantsStream(body: Body): boolean;
  /** The model the client asked for (cache entries and statistics are kept under it). */
  model(body: Body): string;
  upstreamCall(body: Body, stream: boolean): UpstreamCall;
  /** Reads a whole upstream answer; throws SynapseError `upstream_failed` when it is not one. */
  parseAnswer(text: string, body: Body): Answer;
  streamRelay(body: Body): StreamRelay<Answer>;
  /** False for answers that must never be served again (refusals, empty or cut-off answers). */
  isCacheableAnswer(answer: Answer): boolean;
  usageOf(answer: Answer): TokenUsage;
}
