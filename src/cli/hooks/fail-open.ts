// Hooks must never block the agent: each runs under a deadline (default 2 s, SYNAPSE_HOOK_TIMEOUT_MS,
// counted from the process's start so a slow start-up on a busy machine eats into it). Calls to the
// gateway are cancelled a little before it, leaving time to spool what could not be stored. Any
// failure becomes one warning line on stderr (none for post-commit: git shows a hook's output with
// the commit) and a line in the cache directory's hook-problems.log, and the exit code is 0.
import { appendFile, rename, stat } from 'node:fs/promises';
import { ensurePrivateDir } from '../../sdk/private-files.js';
import type { CliIo } from '../cli-io.js';
import { hookCacheDir, hookProblemLog } from './hook-client.js';

export const DEFAULT_HOOK_BUDGET_MS = 2_000;

/** What a hook gets at least, however long the process took to start. */
const MIN_REMAINING_MS = 250;
/** Kept back from the gateway calls for spooling and exiting. */
const WRAP_UP_MS = 500;
/** hook-problems.log is moved aside to hook-problems.log.old past this size. */
const MAX_LOG_BYTES = 256 * 1024;

export function hookBudgetMs(env: Record<string, string | undefined>): number {
  const configured = Number(env.SYNAPSE_HOOK_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_HOOK_BUDGET_MS;
}

export async function runFailOpen(io: CliIo, event: string, task: (signal: AbortSignal) => Promise<void>): Promise<number> {
  // A stray rejection must not turn into exit code 1 and a stack trace in the agent's or git's output.
  process.on('unhandledRejection', (reason) => void reportHookProblem(io, event, `met an unexpected error (${String(reason)})`));
  const budgetMs = hookBudgetMs(io.env);
  const remainingMs = Math.max(budgetMs - performance.now(), MIN_REMAINING_MS);
  const controller = new AbortController();
  const cancel = setTimeout(() => controller.abort(new Error(`no answer within ${budgetMs} ms`)), Math.max(remainingMs - WRAP_UP_MS, MIN_REMAINING_MS / 2));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), remainingMs)));
  try {
    const outcome = await Promise.race([task(controller.signal).then(() => 'done' as const), deadline]);
    if (outcome === 'timeout') await reportHookProblem(io, event, `skipped (the gateway did not answer within ${budgetMs} ms); continuing without memory`);
  } catch (error) {
    const reason = controller.signal.aborted ? `the gateway did not answer within ${budgetMs} ms` : (error as Error).message;
    await reportHookProblem(io, event, `skipped (${reason}); continuing without memory`);
  } finally {
    clearTimeout(cancel);
    clearTimeout(timer);
  }
  return 0;
}

/** git prints a post-commit hook's output with the commit: that hook reports problems to the log only. */
export function isQuietHook(event: string): boolean {
  return event === 'post-commit';
}

/** `synapse: <event> hook <message>` on stderr (unless the hook is quiet) and in hook-problems.log; never throws. */
export async function reportHookProblem(io: CliIo, event: string, message: string): Promise<void> {
  const line = `synapse: ${event} hook ${message.replace(/\s+/g, ' ').trim()}`;
  if (!isQuietHook(event)) io.stderr.write(`${line}\n`);
  try {
    const log = hookProblemLog(io);
    await ensurePrivateDir(hookCacheDir(io));
    if (((await stat(log).catch(() => undefined))?.size ?? 0) > MAX_LOG_BYTES) await rename(log, `${log}.old`);
    await appendFile(log, `${new Date(io.now()).toISOString()} ${line}\n`, { mode: 0o600 });
  } catch {
    // a log that cannot be written must not fail the hook
  }
}
