// Polling with a deadline, for effects that land shortly after a response (write-behind cache
// stores, events between instances): no fixed sleeps, and a clear message when they never come.

/** Retries `probe` until it returns true or `withinMs` pass; returns the time it took, or throws. */
export async function eventually(what: string, withinMs: number, probe: () => Promise<boolean> | boolean): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
