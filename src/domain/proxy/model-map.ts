// SYNAPSE_MODEL_MAP: which Anthropic model names are answered by which OpenAI-compatible model
// (`claude-opus-*=gpt-5.1`). Patterns use `*` for any run of characters; the first match wins.

export class ModelMap {
  private readonly rules: Array<{ pattern: RegExp; model: string }>;

  constructor(map: Record<string, string>) {
    this.rules = Object.entries(map).map(([pattern, model]) => ({ pattern: globToRegExp(pattern), model }));
  }

  /** The model the name is mapped to, or undefined when no pattern matches. */
  map(model: string): string | undefined {
    return this.rules.find((rule) => rule.pattern.test(model))?.model;
  }
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
