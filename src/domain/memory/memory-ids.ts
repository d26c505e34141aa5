// Ids and timestamps the memory domain hands to its stores.
import { createHash, randomBytes } from 'node:crypto';

export function newMilestoneId(): string {
  return `ms-${randomBytes(12).toString('hex')}`;
}

export function newLogEntryId(): string {
  return `log-${randomBytes(12).toString('hex')}`;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The dedup key of a milestone: SHA-256 over its three text fields, unambiguously joined. */
export function contentHashOf(branchPurpose: string, cumulativeProgress: string, thisContribution: string): string {
  return createHash('sha256').update(JSON.stringify([branchPurpose, cumulativeProgress, thisContribution])).digest('hex');
}

/**
 * The contentHash clients see: the first 52 bits of the stored SHA-256 hex, an integer below 2^53 so
 * JavaScript clients read it exactly (WorldFlow's integer hash). Derived at read time, so rows
 * stored before keep working and dedup still compares the full hash.
 */
export function wireContentHash(hexHash: string): number {
  return Number.parseInt(hexHash.slice(0, 13), 16);
}
