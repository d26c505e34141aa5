// What /ready asks: each backend the gateway needs, by name. The storage is always one; Redis
// joins when it is configured; the memory search and the semantic cache tell whether their vector
// indexes are loaded (both serve in a lesser way meanwhile, so the gateway is ready).

export interface ReadinessCheck {
  name: string;
  /**
   * Resolves when the backend answers; rejects otherwise (and must not hang: backends time out).
   * A part that serves in a lesser way for a while (search ranking by words, the cache answering
   * only exact repeats, while a vector index loads) resolves to a word saying so, shown instead of
   * `ok`.
   */
  check(): Promise<void | string>;
  /** What /ready shows under `details.<name>` (an index's size and load progress). */
  details?(): unknown;
}
