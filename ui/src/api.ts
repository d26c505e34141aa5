// The one way the dashboard calls the gateway: JSON in and out, the session's bearer token, and the
// SPEC's error body turned into an ApiError. A 401 ends the session.
import { clearSession, loadSession } from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The route does not exist on this gateway (an older version, or a feature not merged yet). */
  get routeMissing(): boolean {
    return this.status === 404 && this.code === 'route_not_found';
  }
}

type Query = Record<string, string | number | undefined | null>;

let onSignedOut: () => void = () => {};
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export async function callApi<T>(path: string, init: { method?: string; body?: unknown; query?: Query; token?: string } = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(init.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const url = params.size > 0 ? `${path}?${params}` : path;
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = init.token ?? loadSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  } catch {
    throw new ApiError(0, 'network_error', 'network_error', 'The gateway could not be reached.');
  }
  const text = await response.text();
  const data = text ? safeParse(text) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { type?: string; code?: string; message?: string } } | undefined)?.error;
    if (response.status === 401 && !path.endsWith('/auth/token')) {
      clearSession();
      onSignedOut();
    }
    throw new ApiError(response.status, error?.type ?? 'error', error?.code ?? 'error', error?.message ?? `HTTP ${response.status}`);
  }
  return data as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
