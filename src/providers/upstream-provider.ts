// Port for an upstream LLM API reached over HTTP. Providers differ in how they are authenticated
// and where their paths start; the domain sees only this interface and the typed errors it throws.

/** `openai`: an OpenAI-compatible API (base URL includes `/v1`); `anthropic`: the Anthropic API (root URL). */
export type UpstreamKind = 'openai' | 'anthropic';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the provider's base URL, e.g. `/chat/completions` or `/v1/messages`. */
  path: string;
  /** Query string forwarded as it came from the client, without the `?`. */
  query?: string;
  body?: string;
  /** Client headers forwarded to this upstream (e.g. `anthropic-version`, `anthropic-beta`). */
  headers?: Record<string, string>;
  /** Replaces the configured provider key for this call (a client's own provider key). */
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

/** Where an upstream's own provider key comes from, so that a 401/403 can say whose key was refused. */
export interface ProviderKeyInfo {
  /** The environment variable that names the key, e.g. OPENAI_API_KEY. */
  variable: string;
  /** True when the gateway has a key (or a credential header) for this upstream. */
  configured: boolean;
}

export interface UpstreamProvider {
  readonly name: string;
  readonly kind: UpstreamKind;
  /** Absent for upstreams that need no key (fakes, the mock provider). */
  readonly providerKey?: ProviderKeyInfo;
  /**
   * Sends one request. Throws SynapseError `upstream_failed` on connection errors and
   * `upstream_timeout` when no response starts in time; an aborted signal rejects with its reason.
   */
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}
