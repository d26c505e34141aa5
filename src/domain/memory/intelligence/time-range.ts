// The intelligence query's time window: `all`, or N hours, days or weeks back from now
// (`1d|7d|14d|30d|90d` are just common cases of `Nd`). Both ends are inclusive.
import { SynapseError } from '../../../errors.js';
import { isoTime } from '../memory-ids.js';

export interface TimeWindow {
  /** ISO lower bound; absent for `all`. */
  since?: string;
  until: string;
  /** "in the last 7 days", "in the last 12 hours", "so far". */
  label: string;
}

export const TIME_RANGE_PATTERN = '^(all|[1-9][0-9]{0,5}[hdw])$';
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const UNIT_NAME = { h: 'hour', d: 'day', w: 'week' } as const;

export function resolveTimeWindow(timeRange: string, now: number): TimeWindow {
  const until = isoTime(now);
  if (timeRange === 'all') return { until, label: 'so far' };
  const match = /^([1-9]\d{0,5})([hdw])$/.exec(timeRange);
  if (!match) {
    throw new SynapseError('validation_failed', { detail: 'timeRange must be all, 1d, 7d, 14d, 30d, 90d or Nh, Nd, Nw' });
  }
  const count = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS;
  const start = now - count * UNIT_MS[unit];
  const label = count === 1 ? `in the last ${UNIT_NAME[unit]}` : `in the last ${count} ${UNIT_NAME[unit]}s`;
  // Windows reaching before the epoch are simply everything.
  return start <= 0 ? { until, label } : { since: isoTime(start), until, label };
}
