// When and how long to wait before retrying an upstream call: capped exponential backoff with
// jitter (half fixed, half random), or the upstream's own Retry-After when it sends one.

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
}

// 529: Anthropic's "overloaded".
const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses `retry-after-ms`, or `Retry-After` as seconds or an HTTP date; undefined when absent. */
export function parseRetryAfterMs(
  headers: Record<string, string | string[] | undefined>,
  now: number = Date.now(),
): number | undefined {
  const ms = Number(firstHeader(headers['retry-after-ms']));
  if (Number.isFinite(ms) && ms >= 0 && firstHeader(headers['retry-after-ms']) !== undefined) return ms;
  const raw = firstHeader(headers['retry-after']);
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
