// GET /v1/models and /v1/models/{id} across every configured upstream, OpenAI-compatible and
// Anthropic, merged by model id. One unreachable upstream does not hide the others; if all fail,
// the first error is returned. Anthropic clients (they send `anthropic-version`) get Anthropic's
// list shape, everyone else OpenAI's.
import type { UpstreamCaller } from '../../../domain/proxy/upstream-caller.js';
import { SynapseError } from '../../../errors.js';
import type { UpstreamProvider } from '../../../providers/upstream-provider.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import type { AnthropicModel, AnthropicModelList, OpenAiModel, OpenAiModelList } from '../../contract/proxy/proxy-wire-schemas.js';

/** A model as both APIs describe it, whatever the upstream said. */
export interface ListedModel {
  id: string;
  createdSecs: number;
  ownedBy: string;
  displayName: string;
}

export type ModelListShape = 'openai' | 'anthropic';

export async function listModels(router: UpstreamRouter, caller: UpstreamCaller, apiKey?: string): Promise<ListedModel[]> {
  return (await listEveryUpstream(router, caller, apiKey)).models;
}

/** A model no reachable upstream lists is 404; when an upstream could not be asked, its error instead. */
export async function findModel(router: UpstreamRouter, caller: UpstreamCaller, id: string, apiKey?: string): Promise<ListedModel> {
  const { models, failures } = await listEveryUpstream(router, caller, apiKey);
  const model = models.find((m) => m.id === id);
  if (model) return model;
  if (failures.length > 0) throw failures[0];
  throw new SynapseError('not_found', { what: `model '${id}'` });
}

async function listEveryUpstream(router: UpstreamRouter, caller: UpstreamCaller, apiKey?: string): Promise<{ models: ListedModel[]; failures: unknown[] }> {
  const results = await Promise.allSettled(router.all().map((provider) => listProviderModels(provider, caller, apiKey)));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (failures.length === results.length) throw failures[0];
  const byId = new Map<string, ListedModel>();
  for (const result of results) {
    if (result.status !== 'fulfilled') continue;
    for (const model of result.value) if (!byId.has(model.id)) byId.set(model.id, model);
  }
  return { models: [...byId.values()], failures };
}

export function modelListBody(models: ListedModel[], shape: ModelListShape): OpenAiModelList | AnthropicModelList {
  if (shape === 'openai') return { object: 'list', data: models.map(openAiModel) };
  return { data: models.map(anthropicModel), has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
}

export function modelBody(model: ListedModel, shape: ModelListShape): OpenAiModel | AnthropicModel {
  return shape === 'openai' ? openAiModel(model) : anthropicModel(model);
}

function openAiModel(model: ListedModel): OpenAiModel {
  return { id: model.id, object: 'model', created: model.createdSecs, owned_by: model.ownedBy };
}

function anthropicModel(model: ListedModel): AnthropicModel {
  return { type: 'model', id: model.id, display_name: model.displayName, created_at: new Date(model.createdSecs * 1000).toISOString() };
}

async function listProviderModels(provider: UpstreamProvider, caller: UpstreamCaller, apiKey?: string): Promise<ListedModel[]> {
  // A caller's own key belongs to one provider; the others are asked with their configured keys.
  const ownKey = apiKey && provider.kind === 'openai' ? { apiKey } : {};
  const path = provider.kind === 'anthropic' ? '/v1/models' : '/models';
  const query = provider.kind === 'anthropic' ? 'limit=1000' : undefined;
  const response = await caller.send(provider, { method: 'GET', path, ...(query ? { query } : {}), ...ownKey });
  const parsed = JSON.parse(await response.text()) as { data?: unknown };
  if (!Array.isArray(parsed.data)) return [];
  return parsed.data.flatMap((entry) => {
    const model = entry as { id?: unknown; created?: unknown; created_at?: unknown; owned_by?: unknown; display_name?: unknown };
    if (typeof model.id !== 'string') return [];
    const createdSecs =
      typeof model.created === 'number' ? model.created : typeof model.created_at === 'string' ? Math.floor(Date.parse(model.created_at) / 1000) || 0 : 0;
    const ownedBy = typeof model.owned_by === 'string' ? model.owned_by : provider.kind === 'anthropic' ? 'anthropic' : provider.name;
    const displayName = typeof model.display_name === 'string' ? model.display_name : model.id;
    return [{ id: model.id, createdSecs, ownedBy, displayName }];
  });
}
