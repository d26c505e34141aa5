// Delivering milestones through the spool: a hook's milestone is stored at once or, when the
// gateway cannot take it now (down, timing out, 401, 429, 5xx), spooled; spooled entries are
// delivered oldest first, each under its idempotency key, until one fails for a passing reason.
import { SynapseApiError, type Milestone, type Synapse } from '../../sdk/index.js';
import { storeHookMilestone } from '../hooks/milestone-writer.js';
import type { MilestoneSpool } from './milestone-spool.js';
import type { SpoolEntry } from './spool-entry.js';

/** Statuses worth trying again later: a 401 may be a key about to be fixed; the rest pass by themselves. */
const PASSING_STATUSES = new Set([401, 408, 425, 429, 500, 502, 503, 504]);

/** True when the failure says nothing against the milestone itself: spool it and try later. */
export function isPassingFailure(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true; // our own deadline
  if (!(error instanceof SynapseApiError)) return false;
  return error.status === undefined || PASSING_STATUSES.has(error.status); // undefined: no answer at all
}

export type DeliveryOutcome = { stored: Milestone } | { spooled: string } | { rejected: string };

/**
 * Stores the entry's milestone; spools it when the failure is a passing one, and sets it aside
 * when the gateway refused it for good (either way it is kept). Anything else is thrown.
 */
export async function storeOrSpool(client: Synapse, spool: MilestoneSpool, entry: SpoolEntry, signal: AbortSignal): Promise<DeliveryOutcome> {
  try {
    return { stored: await storeHookMilestone(client, entry.milestone, entry.idempotencyKey, signal) };
  } catch (error) {
    const reason = reasonOf(error, signal);
    if (isPassingFailure(error, signal)) {
      await spool.add(entry);
      return { spooled: reason };
    }
    if (!(error instanceof SynapseApiError)) throw error;
    await spool.addRejected(entry, reason);
    return { rejected: reason };
  }
}

export interface DrainResult {
  delivered: Array<{ entry: SpoolEntry; milestone: Milestone }>;
  rejected: Array<{ entry: SpoolEntry; reason: string }>;
  /** Why delivery stopped early (the gateway is not taking milestones now). */
  stoppedBy?: string;
}

/** Delivers what the spool holds, oldest first; stops at the first passing failure, leaving the rest. */
export async function drainSpool(
  client: Synapse,
  spool: MilestoneSpool,
  signal: AbortSignal,
  options: { includeRejected?: boolean } = {},
): Promise<DrainResult> {
  const result: DrainResult = { delivered: [], rejected: [] };
  for (const file of await spool.deliverable(options)) {
    if (signal.aborted) return { ...result, stoppedBy: reasonOf(signal.reason, signal) };
    const claim = await spool.claim(file);
    if (!claim) continue; // another run has it
    try {
      const milestone = await storeHookMilestone(client, claim.entry.milestone, claim.entry.idempotencyKey, signal);
      await spool.complete(claim);
      result.delivered.push({ entry: claim.entry, milestone });
    } catch (error) {
      if (isPassingFailure(error, signal)) {
        await spool.release(claim);
        return { ...result, stoppedBy: reasonOf(error, signal) };
      }
      const reason = reasonOf(error, signal);
      await spool.reject(claim, reason);
      result.rejected.push({ entry: claim.entry, reason });
    }
  }
  return result;
}

/** One line for a failure: the gateway's message with its type and status, or what went wrong. */
export function reasonOf(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason.message : 'timed out';
  if (error instanceof SynapseApiError) return error.status ? `${error.message} (${error.type}, ${error.status})` : error.message;
  return error instanceof Error ? error.message : String(error);
}
