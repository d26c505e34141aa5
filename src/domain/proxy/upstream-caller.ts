// Sends a request to an upstream with retries (connection errors, 429 and 5xx, before anything
// reached the client) and turns a final non-2xx answer into the SPEC's typed error.
import { setTimeout as sleep } from 'node:timers/promises';
import { SynapseError } from '../../errors.js';
import type { UpstreamProvider, UpstreamRequest, UpstreamResponse } from '../../providers/upstream-provider.js';
import type { ProxyMetrics } from './proxy-metrics.js';
import { GATEWAY_HOP_HEADER } from './upstream-loop.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, type RetryPolicy } from './retry-policy.js';

export class UpstreamCaller {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly metrics: ProxyMetrics,
  ) {}

  /** Resolves with a 2xx response or throws the mapped error; retries what is worth retrying. */
  async send(provider: UpstreamProvider, request: UpstreamRequest): Promise<UpstreamResponse> {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let response: UpstreamResponse;
      try {
        response = await provider.request(request);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        const retryable = error instanceof SynapseError && error.code === 'upstream_failed';
        this.metrics.recordUpstreamError(provider.name, error instanceof SynapseError ? error.code : 'unknown');
        if (!retryable || attempt >= this.policy.maxRetries) throw error;
        await sleep(backoffDelayMs(this.policy, attempt), undefined, { signal: request.signal });
        continue;
      }
      this.metrics.recordUpstreamLatency(provider.name, (performance.now() - started) / 1000);
      if (response.status < 300) return response;
      this.metrics.recordUpstreamError(provider.name, `status_${response.status}`);
      const retryAfterMs = parseRetryAfterMs(response.headers);
      const waitMs = retryAfterMs ?? backoffDelayMs(this.policy, attempt);
      const worthRetrying =
        isRetryableStatus(response.status) && attempt < this.policy.maxRetries && waitMs <= this.policy.maxMs;
      if (!worthRetrying) throw await toUpstreamError(response, retryAfterMs);
      await response.discard();
      await sleep(waitMs, undefined, { signal: request.signal });
    }
  }
}

/** Maps a final non-2xx upstream answer to the error the client receives. */
export async function toUpstreamError(response: UpstreamResponse, retryAfterMs?: number): Promise<SynapseError> {
  const upstreamError = await readUpstreamError(response);
  if (response.status === 429) {
    const retryAfterSecs = Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000));
    return new SynapseError('upstream_rate_limited', { retryAfterSecs }, { retryAfterSecs, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (response.status >= 400 && response.status < 500) {
    return new SynapseError(
      'upstream_rejected',
      { detail: upstreamError.message ?? `upstream answered ${response.status}` },
      {
        status: response.status,
        type: upstreamError.type ?? 'invalid_request_error',
        ...(upstreamError.code ? { publicCode: upstreamError.code } : {}),
      },
    );
  }
  if (response.status === 529) return new SynapseError('upstream_overloaded', { detail: upstreamError.message ?? 'retry later' });
  // A gateway refusing its own call answers 508 with its id: this gateway, reached again.
  if (response.status === 508 && response.headers[GATEWAY_HOP_HEADER] !== undefined) return new SynapseError('upstream_loop');
  return new SynapseError('upstream_failed', { detail: `upstream answered ${response.status}` });
}

async function readUpstreamError(response: UpstreamResponse): Promise<{ message?: string; type?: string; code?: string }> {
  try {
    const text = (await response.text()).slice(0, 64 * 1024);
    const parsed = JSON.parse(text) as { error?: { message?: unknown; type?: unknown; code?: unknown } };
    const error = parsed.error ?? {};
    return {
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
      ...(typeof error.type === 'string' ? { type: error.type } : {}),
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
    };
  } catch {
    return {};
  }
}
