// What the spool keeps of a milestone a hook could not store: the hook's milestone (its progress
// line, not a finished body, since the branch's latest progress is read again at delivery) and
// the idempotency key that makes every delivery attempt the same store.
import type { HookMilestone } from '../hooks/milestone-writer.js';

export interface SpoolEntry {
  version: 1;
  /** Sent as `Idempotency-Key` on every delivery attempt. */
  idempotencyKey: string;
  gatewayUrl: string;
  /** The hook that wrote it: session-end, pre-compact or post-commit. */
  event: string;
  /** ISO 8601, when the hook ran. */
  spooledAt: string;
  milestone: HookMilestone;
}

export function newSpoolEntry(gatewayUrl: string, event: string, milestone: HookMilestone, at: number): SpoolEntry {
  return { version: 1, idempotencyKey: crypto.randomUUID(), gatewayUrl, event, spooledAt: new Date(at).toISOString(), milestone };
}

/** Parses a spool file, or throws when it is not one. */
export function parseSpoolEntry(text: string): SpoolEntry {
  const value = JSON.parse(text) as Partial<SpoolEntry>;
  const m = value.milestone as Partial<HookMilestone> | undefined;
  const strings = [value.idempotencyKey, value.spooledAt, m?.projectId, m?.branchName, m?.thisContribution, m?.progressLine, m?.agentId, m?.agentType];
  if (value.version !== 1 || !strings.every((field) => typeof field === 'string')) throw new Error('not a spool entry');
  return value as SpoolEntry;
}
