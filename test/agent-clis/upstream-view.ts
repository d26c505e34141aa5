// What the agent e2e reads of an upstream's recorded calls, typed structurally so that the fake
// upstream (RecordedCall) and the capture server (CapturedRequest) both fit: counts and secret scans.

export interface SeenCall {
  path: string;
  /** Raw query string (the fake upstream) or parsed parameters (the capture server). */
  query?: string | Record<string, string>;
  headers?: Record<string, string | string[] | undefined>;
  /** The fake upstream's copy of the Authorization header. */
  authorization?: string;
  body: unknown;
}

export interface UpstreamView {
  calls: readonly SeenCall[];
  /** The fake upstream's own counter, used when it has one. */
  callCountFor?: (path: string, model?: string) => number;
}

function modelOf(call: SeenCall): unknown {
  return typeof call.body === 'object' && call.body !== null ? (call.body as Record<string, unknown>)['model'] : undefined;
}

export function countCalls(upstream: UpstreamView, path: string, model?: string): number {
  if (upstream.callCountFor) return upstream.callCountFor(path, model);
  return upstream.calls.filter((c) => c.path === path && (model === undefined || modelOf(c) === model)).length;
}

/** Every place a secret shows up in the recorded calls, as "call N header NAME" / "call N body" / "call N query". */
export function findSecret(upstream: UpstreamView, secret: string): string[] {
  const places: string[] = [];
  upstream.calls.forEach((call, i) => {
    for (const [name, value] of Object.entries(call.headers ?? {})) {
      if (value !== undefined && String(value).includes(secret)) places.push(`call ${i} (${call.path}) header ${name}`);
    }
    if (call.authorization?.includes(secret)) places.push(`call ${i} (${call.path}) authorization`);
    if (JSON.stringify(call.body ?? null).includes(secret)) places.push(`call ${i} (${call.path}) body`);
    if (JSON.stringify(call.query ?? '').includes(secret)) places.push(`call ${i} (${call.path}) query`);
  });
  return places;
}

/** Which credential each call on a path carried: x-api-key or the Authorization header. */
export function credentialsOn(upstream: UpstreamView, path: string): string[] {
  return upstream.calls
    .filter((c) => c.path === path)
    .map((c) => String(c.headers?.['x-api-key'] ?? c.headers?.['authorization'] ?? c.authorization ?? '(none)'));
}
