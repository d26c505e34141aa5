// Approximate list prices (USD per million tokens) used to estimate what a call cost and a cache
// hit saved; `pricing` in the config overrides or extends them (PriceTable). Unknown models count
// as zero rather than a guess.

export interface Price {
  input: number;
  output: number;
}

const prices: Array<[prefix: string, price: Price]> = [
  ['gpt-4o-mini', { input: 0.15, output: 0.6 }],
  ['gpt-4o', { input: 2.5, output: 10 }],
  ['gpt-4.1-nano', { input: 0.1, output: 0.4 }],
  ['gpt-4.1-mini', { input: 0.4, output: 1.6 }],
  ['gpt-4.1', { input: 2, output: 8 }],
  ['gpt-4-turbo', { input: 10, output: 30 }],
  ['gpt-4', { input: 30, output: 60 }],
  ['gpt-3.5-turbo', { input: 0.5, output: 1.5 }],
  ['o1-mini', { input: 1.1, output: 4.4 }],
  ['o1', { input: 15, output: 60 }],
  ['o3-mini', { input: 1.1, output: 4.4 }],
  ['o3', { input: 2, output: 8 }],
  ['o4-mini', { input: 1.1, output: 4.4 }],
  ['claude-3-5-haiku', { input: 0.8, output: 4 }],
  ['claude-3-5-sonnet', { input: 3, output: 15 }],
  ['text-embedding-3-small', { input: 0.02, output: 0 }],
  ['text-embedding-3-large', { input: 0.13, output: 0 }],
];

// Longest prefix first so that `gpt-4o-mini` is not priced as `gpt-4o`.
prices.sort((a, b) => b[0].length - a[0].length);

const MAX_REMEMBERED_MODELS = 1024;

/** The bundled prices with the configured ones laid over them (longest matching prefix wins). */
export class PriceTable {
  private readonly entries: Array<[prefix: string, price: Price]>;
  /** Each model's entry as found (null: none), so a hit or log row does not scan the table; bounded. */
  private readonly found = new Map<string, [string, Price] | null>();

  constructor(overrides: Record<string, Price> = {}) {
    const merged = new Map(prices);
    for (const [prefix, price] of Object.entries(overrides)) merged.set(prefix, price);
    this.entries = [...merged].sort((a, b) => b[0].length - a[0].length);
  }

  estimateCostUsd(model: string, promptTokens: number, completionTokens: number): number {
    const match = this.priceOf(model);
    return match ? (promptTokens * match[1].input + completionTokens * match[1].output) / 1_000_000 : 0;
  }

  /** The table entry a model is priced by (a bounded set, for metric labels); undefined when unknown. */
  familyOf(model: string): string | undefined {
    return this.priceOf(model)?.[0];
  }

  private priceOf(model: string): [string, Price] | undefined {
    const known = this.found.get(model);
    if (known !== undefined) return known ?? undefined;
    const match = this.entries.find(([prefix]) => model.startsWith(prefix));
    if (this.found.size >= MAX_REMEMBERED_MODELS) this.found.clear();
    this.found.set(model, match ?? null);
    return match;
  }
}

export function estimateCostUsd(model: string, promptTokens: number, completionTokens: number): number {
  const match = prices.find(([prefix]) => model.startsWith(prefix));
  if (!match) return 0;
  const { input, output } = match[1];
  return (promptTokens * input + completionTokens * output) / 1_000_000;
}
