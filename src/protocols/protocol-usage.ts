// Token counts as every protocol reports them, read into one shape for cost estimates and logs.

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}
