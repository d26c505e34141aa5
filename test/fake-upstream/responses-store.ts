// Stored responses of the fake upstream (one store per server, emptied by reset()) and the routes
// that read them: GET and DELETE /v1/responses/{id}, GET .../input_items, POST .../cancel.
import type { ServerResponse } from 'node:http';
import { openAIError, sendError, sendInvalidRequest, sendJson } from './http-helpers.js';

export interface StoredResponse {
  response: Record<string, unknown>;
  inputItems: Record<string, unknown>[];
  background: boolean;
}

export class ResponseStore {
  private readonly byId = new Map<string, StoredResponse>();

  save(stored: StoredResponse): void {
    this.byId.set(String(stored.response['id']), stored);
  }

  get(id: string): StoredResponse | undefined {
    return this.byId.get(id);
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }
}

function sendResponseNotFound(res: ServerResponse, id: string): void {
  sendError(res, 404, openAIError(`Response with id '${id}' not found.`, 'invalid_request_error'));
}

/** Input items newest first unless order=asc, paged by limit (1-100, default 20) and after (an item id). */
function sendInputItems(res: ServerResponse, stored: StoredResponse, query: URLSearchParams): void {
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    sendInvalidRequest(res, `Invalid 'limit': integer between 1 and 100 expected.`, 'limit');
    return;
  }
  const ordered = query.get('order') === 'asc' ? stored.inputItems : [...stored.inputItems].reverse();
  const after = query.get('after');
  const start = after === null ? 0 : ordered.findIndex((item) => item['id'] === after) + 1;
  const data = ordered.slice(start, start + limit);
  sendJson(res, 200, {
    object: 'list',
    data,
    first_id: data[0]?.['id'] ?? null,
    last_id: data.at(-1)?.['id'] ?? null,
    has_more: start + data.length < ordered.length,
  });
}

/** Routes GET/DELETE /v1/responses/{id}[/input_items] and POST /v1/responses/{id}/cancel; false if the path is none of them. */
export function routeStoredResponse(store: ResponseStore, res: ServerResponse, method: string, rest: string, query: URLSearchParams): boolean {
  const [rawId = '', action, extra] = rest.split('/');
  const id = decodeURIComponent(rawId);
  if (rawId === '' || extra !== undefined) return false;
  const key = `${method} ${action ?? ''}`;
  if (!['GET ', 'DELETE ', 'GET input_items', 'POST cancel'].includes(key)) return false;
  const stored = store.get(id);
  if (stored === undefined) {
    sendResponseNotFound(res, id);
  } else if (key === 'GET ') {
    sendJson(res, 200, stored.response);
  } else if (key === 'DELETE ') {
    store.delete(id);
    // The API reference's example says object 'response' here, not 'response.deleted'.
    sendJson(res, 200, { id, object: 'response', deleted: true });
  } else if (key === 'GET input_items') {
    sendInputItems(res, stored, query);
  } else if (!stored.background) {
    sendInvalidRequest(res, 'Cannot cancel a synchronous response.', null);
  } else {
    // Background responses complete at once here, and cancelling a finished one changes nothing.
    sendJson(res, 200, stored.response);
  }
  return true;
}
