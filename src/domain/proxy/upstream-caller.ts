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
      if (!worthRetrying) throw await toUpstreamError(response, retryAfterMs, credentialOf(provider, request));
      await response.discard();
      await sleep(waitMs, undefined, { signal: request.signal });
    }
  }
}

/** Whose provider key a call carried: the client's own (x-api-key), the gateway's, or none at all. */
export interface CallCredential {
  upstream: string;
  source: 'client' | 'gateway' | 'none';
  /** The variable that holds the gateway's key for this upstream. */
  variable: string;
}

function credentialOf(provider: UpstreamProvider, request: UpstreamRequest): CallCredential | undefined {
  if (!provider.providerKey) return undefined;
  const source = request.apiKey ? 'client' : provider.providerKey.configured ? 'gateway' : 'none';
  return { upstream: provider.name, source, variable: provider.providerKey.variable };
}

/** Maps a final non-2xx upstream answer to the error the client receives. */
export async function toUpstreamError(response: UpstreamResponse, retryAfterMs?: number, credential?: CallCredential): Promise<SynapseError> {
  const upstreamError = await readUpstreamError(response);
  if ((response.status === 401 || response.status === 403) && credential) return upstreamAuthError(response.status, upstreamError, credential);
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
  const upstreamStatus = response.status;
  if (response.status === 529) return new SynapseError('upstream_overloaded', { detail: upstreamError.message ?? 'retry later' }, { upstreamStatus });
  // A gateway refusing its own call answers 508 with its id: this gateway, reached again.
  if (response.status === 508 && response.headers[GATEWAY_HOP_HEADER] !== undefined) return new SynapseError('upstream_loop');
  // Whatever the upstream sent (an HTML error page, say) stays here: only its status goes on.
  return new SynapseError('upstream_failed', { detail: `upstream answered ${response.status}` }, { upstreamStatus });
}

/**
 * An upstream 401/403. When the key was the gateway's (or there was none), the client's own Synapse
 * credential was fine, so it must not look like one more 401: it is a 502 of its own type that says
 * which key to fix. A key the client sent itself in x-api-key is the client's to fix: the upstream's
 * status and type are kept.
 */
function upstreamAuthError(status: number, upstreamError: { message?: string; type?: string }, credential: CallCredential): SynapseError {
  const detail = upstreamError.message ?? 'no message';
  const { upstream, variable } = credential;
  if (credential.source === 'client') {
    return new SynapseError(
      'upstream_auth_failed',
      { upstream, upstreamStatus: status, detail, credential: 'the provider key sent in x-api-key', fix: 'check that key; your Synapse credential was accepted' },
      { status, type: upstreamError.type ?? (status === 401 ? 'authentication_error' : 'authorization_error') },
    );
  }
  const params =
    credential.source === 'gateway'
      ? { credential: "the gateway's provider key", fix: `the gateway operator must fix ${variable} (or the upstream's apiKey in synapse.config.json); your Synapse credential was accepted` }
      : {
          credential: 'the call, which carried no provider key',
          fix: `the gateway has none for this upstream: set ${variable} in the gateway's environment, or send your own provider key in x-api-key`,
        };
  return new SynapseError('upstream_auth_failed', { upstream, upstreamStatus: status, detail, ...params });
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
