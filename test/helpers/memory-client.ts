// Small helpers for memory API tests: JSON calls through a started test gateway.
import type { TestGateway } from './test-gateway.js';

export const MEMORY = '/api/v1/memory';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  gw: TestGateway,
  path: string,
  init: { method?: string; body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const response = await gw.request(path.startsWith('/api/') ? path : MEMORY + path, init);
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text (SSE)
  }
  return { status: response.status, body, headers: response.headers };
}

export function storeBody(thisContribution: string, extra: Record<string, unknown> = {}) {
  return {
    branchName: 'main',
    branchPurpose: 'Core feature implementation',
    cumulativeProgress: 'Set up project structure',
    thisContribution,
    agentId: 'agent-1',
    agentType: 'custom',
    ...extra,
  };
}

/** Parses an SSE body into its events. */
export function parseSse(text: string): Array<{ event: string; data: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    });
}
