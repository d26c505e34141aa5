// Port for cluster-wide locks that elect one instance to make an upstream call many are waiting
// for. A lock expires by itself (a leader that dies holds nobody up for long) unless renewed.
// Implementations may throw when their backend is unreachable; callers fail open.

export interface FlightLocks {
  /** Takes the lock unless another holder has it; resolves with this holder's token, or undefined. */
  acquire(name: string, ttlMs: number): Promise<string | undefined>;
  /** Extends the lock if the token still holds it; false when it was lost. */
  renew(name: string, token: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock if the token still holds it. */
  release(name: string, token: string): Promise<void>;
  isHeld(name: string): Promise<boolean>;
}
