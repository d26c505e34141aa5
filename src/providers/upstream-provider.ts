// Port for an upstream LLM API. One implementation speaks the OpenAI wire format over HTTP; the
// domain sees only this interface and the typed errors it throws.

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path below the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  body?: string;
  /** Replaces the configured provider key for this call (a client's `x-api-key`). */
  apiKey?: string;
  signal?: AbortSignal;
  /** Expect a long streamed body: the idle timeout applies between chunks. */
  stream?: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Discards the rest of the body so the connection can be reused. */
  discard(): Promise<void>;
}

export interface UpstreamProvider {
  readonly name: string;
  /**
   * Sends one request. Throws SynapseError `upstream_failed` on connection errors and
   * `upstream_timeout` when no response starts in time; an aborted signal rejects with its reason.
   */
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}
