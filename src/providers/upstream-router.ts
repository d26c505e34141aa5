// Chooses the upstream for a model name from configuration: exact names first, then the longest
// matching `prefix*` pattern, then a catch-all `*`.
import type { UpstreamConfig } from '../config/schema.js';
import { SynapseError } from '../errors.js';
import type { UpstreamProvider } from './upstream-provider.js';

interface Route {
  pattern: string;
  provider: UpstreamProvider;
}

export class UpstreamRouter {
  private readonly exact = new Map<string, UpstreamProvider>();
  private readonly prefixes: Route[] = [];
  private readonly providers: UpstreamProvider[];

  constructor(upstreams: Array<{ config: UpstreamConfig; provider: UpstreamProvider }>) {
    this.providers = upstreams.map((u) => u.provider);
    for (const { config, provider } of upstreams) {
      for (const pattern of config.models) {
        if (pattern.endsWith('*')) this.prefixes.push({ pattern: pattern.slice(0, -1), provider });
        else if (!this.exact.has(pattern)) this.exact.set(pattern, provider);
      }
    }
    // Longest prefix first; the catch-all (empty prefix) last, first-listed wins among equals.
    this.prefixes.sort((a, b) => b.pattern.length - a.pattern.length);
  }

  providerFor(model: string): UpstreamProvider {
    const exact = this.exact.get(model);
    if (exact) return exact;
    const route = this.prefixes.find((r) => model.startsWith(r.pattern));
    if (!route) throw new SynapseError('model_not_configured', { model });
    return route.provider;
  }

  /** The provider that answers requests not tied to a model (e.g. `GET /v1/models`). */
  defaultProvider(): UpstreamProvider {
    return this.prefixes.find((r) => r.pattern === '')?.provider ?? this.providers[0]!;
  }

  all(): readonly UpstreamProvider[] {
    return this.providers;
  }

  async close(): Promise<void> {
    await Promise.all(this.providers.map((p) => p.close()));
  }
}
