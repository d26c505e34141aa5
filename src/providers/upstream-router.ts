// Chooses the upstream for a model name from configuration, among the upstreams of one kind
// (OpenAI-compatible or Anthropic): exact names first, then the longest matching `prefix*`
// pattern, then a catch-all `*`.
import type { UpstreamConfig } from '../config/schema.js';
import { SynapseError } from '../errors.js';
import type { UpstreamKind, UpstreamProvider } from './upstream-provider.js';

/** What routing reads of an upstream's configuration: the model names it serves. */
type RoutedModels = Pick<UpstreamConfig, 'models'> & Partial<UpstreamConfig>;

interface Route {
  pattern: string;
  provider: UpstreamProvider;
}

/** The routing table of one kind of upstream. */
class RoutingTable {
  readonly exact = new Map<string, UpstreamProvider>();
  readonly prefixes: Route[] = [];
  readonly providers: UpstreamProvider[] = [];

  add(config: RoutedModels, provider: UpstreamProvider): void {
    this.providers.push(provider);
    for (const pattern of config.models) {
      if (pattern.endsWith('*')) this.prefixes.push({ pattern: pattern.slice(0, -1), provider });
      else if (!this.exact.has(pattern)) this.exact.set(pattern, provider);
    }
  }

  /** Longest prefix first; the catch-all (empty prefix) last, first-listed wins among equals. */
  sort(): void {
    this.prefixes.sort((a, b) => b.pattern.length - a.pattern.length);
  }

  find(model: string): UpstreamProvider | undefined {
    return this.exact.get(model) ?? this.prefixes.find((r) => model.startsWith(r.pattern))?.provider;
  }
}

export class UpstreamRouter {
  private readonly tables: Record<UpstreamKind, RoutingTable> = { openai: new RoutingTable(), anthropic: new RoutingTable() };
  private readonly providers: UpstreamProvider[];

  constructor(upstreams: Array<{ config: RoutedModels; provider: UpstreamProvider }>) {
    this.providers = upstreams.map((u) => u.provider);
    for (const { config, provider } of upstreams) this.tables[provider.kind].add(config, provider);
    for (const table of Object.values(this.tables)) table.sort();
  }

  /** The upstream of that kind serving the model; throws `model_not_configured` when none does. */
  providerFor(model: string, kind: UpstreamKind = 'openai'): UpstreamProvider {
    const provider = this.find(model, kind);
    if (!provider) throw new SynapseError('model_not_configured', { model });
    return provider;
  }

  find(model: string, kind: UpstreamKind = 'openai'): UpstreamProvider | undefined {
    return this.tables[kind].find(model);
  }

  /** The upstream of a kind that answers requests not tied to a model (e.g. `GET /v1/responses/{id}`). */
  defaultProvider(kind: UpstreamKind = 'openai'): UpstreamProvider | undefined {
    const table = this.tables[kind];
    return table.prefixes.find((r) => r.pattern === '')?.provider ?? table.providers[0];
  }

  hasKind(kind: UpstreamKind): boolean {
    return this.tables[kind].providers.length > 0;
  }

  all(): readonly UpstreamProvider[] {
    return this.providers;
  }

  async close(): Promise<void> {
    await Promise.all(this.providers.map((p) => p.close()));
  }
}
