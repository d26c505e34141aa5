// An OpenAI-compatible HTTP upstream (OpenAI, Azure OpenAI, Ollama, vLLM, Groq, ...) on an undici
// keep-alive pool: about three times the sequential throughput of the global fetch here.
import { Pool, errors as undiciErrors } from 'undici';
import { SynapseError } from '../../errors.js';
import type { UpstreamProvider, UpstreamRequest, UpstreamResponse } from '../upstream-provider.js';

export interface OpenAiCompatibleOptions {
  name: string;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  connections: number;
}

export class OpenAiCompatibleProvider implements UpstreamProvider {
  readonly name: string;
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.name = options.name;
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
    });
  }

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { accept: request.stream ? 'text/event-stream' : 'application/json' };
    Object.assign(headers, this.options.headers);
    const apiKey = request.apiKey ?? this.options.apiKey;
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.pool.request({
        method: request.method,
        path: this.basePath + request.path,
        headers,
        body: request.body ?? null,
        signal: request.signal ?? null,
      });
      const body = response.body;
      return {
        status: response.statusCode,
        headers: response.headers,
        body,
        // A body that breaks off or stalls is a transport failure too: 502 / 504, never a raw error.
        text: () => body.text().catch((error: unknown) => Promise.reject(translateTransportError(error, this.options.timeoutMs, request.signal))),
        discard: async () => {
          await body.dump().catch(() => undefined);
        },
      };
    } catch (error) {
      throw translateTransportError(error, this.options.timeoutMs, request.signal);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Maps undici's transport failures to the SPEC's 502/504; an abort by our own signal passes through. */
export function translateTransportError(error: unknown, timeoutMs: number, signal?: AbortSignal): unknown {
  if (signal?.aborted) return error;
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new SynapseError('upstream_timeout', { timeoutMs }, { cause: error });
  }
  const code = (error as { code?: string }).code ?? (error as Error).name ?? 'unknown';
  return new SynapseError('upstream_failed', { detail: `connection error (${code})` }, { cause: error });
}
