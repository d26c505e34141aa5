// What /ready asks: each backend the gateway needs, by name. The storage is always one; Redis
// joins when it is configured, and the memory search tells whether its vector index is loaded.

export interface ReadinessCheck {
  name: string;
  /**
   * Resolves when the backend answers; rejects otherwise (and must not hang: backends time out).
   * A part that serves in a lesser way for a while (the memory search ranking by words while its
   * vector index loads) resolves to a word saying so, shown instead of `ok`; the gateway is ready.
   */
  check(): Promise<void | string>;
}
