// Hooks must never block the agent: each runs under a deadline (default 2 s, SYNAPSE_HOOK_TIMEOUT_MS,
// counted from the process's start so a slow start-up on a busy machine eats into it) and any
// failure or timeout becomes one warning line on stderr and exit code 0.
import type { CliIo } from '../cli-io.js';

export const DEFAULT_HOOK_BUDGET_MS = 2_000;

/** What a hook gets at least, however long the process took to start. */
const MIN_REMAINING_MS = 250;

export function hookBudgetMs(env: Record<string, string | undefined>): number {
  const configured = Number(env.SYNAPSE_HOOK_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_HOOK_BUDGET_MS;
}

export async function runFailOpen(io: CliIo, event: string, task: (signal: AbortSignal) => Promise<void>): Promise<number> {
  const budgetMs = hookBudgetMs(io.env);
  const remainingMs = Math.max(budgetMs - performance.now(), MIN_REMAINING_MS);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer within ${budgetMs} ms`));
      resolve('timeout');
    }, remainingMs);
  });
  try {
    const outcome = await Promise.race([task(controller.signal).then(() => 'done' as const), deadline]);
    if (outcome === 'timeout') warn(io, event, `the gateway did not answer within ${budgetMs} ms`);
  } catch (error) {
    warn(io, event, controller.signal.aborted ? `the gateway did not answer within ${budgetMs} ms` : (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
  return 0;
}

function warn(io: CliIo, event: string, reason: string): void {
  io.stderr.write(`synapse: ${event} hook skipped (${reason.replace(/\s+/g, ' ').trim()}); continuing without memory\n`);
}
