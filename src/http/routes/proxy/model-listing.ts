// GET /v1/models across every configured upstream, merged by model id. One unreachable
// upstream does not hide the others; if all fail, the first error is returned.
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';

interface ModelList {
  object: 'list';
  data: Array<{ id: string; [field: string]: unknown }>;
}

export async function listModels(router: UpstreamRouter, caller: UpstreamCaller, apiKey?: string): Promise<ModelList> {
  const results = await Promise.allSettled(
    router.all().map(async (provider) => {
      const response = await caller.send(provider, { method: 'GET', path: '/models', ...(apiKey ? { apiKey } : {}) });
      const parsed = JSON.parse(await response.text()) as Partial<ModelList>;
      return Array.isArray(parsed.data) ? parsed.data : [];
    }),
  );
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  if (fulfilled.length === 0) throw (results[0] as PromiseRejectedResult).reason;
  const byId = new Map<string, ModelList['data'][number]>();
  for (const result of fulfilled) {
    for (const model of result.value) if (typeof model?.id === 'string' && !byId.has(model.id)) byId.set(model.id, model);
  }
  return { object: 'list', data: [...byId.values()] };
}
