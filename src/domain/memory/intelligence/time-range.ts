// The intelligence query's time window: `all`, or N hours, days or weeks back from now
// (`1d|7d|14d|30d|90d` are just common cases of `Nd`), narrowed to a span the question itself
// names ("in the last 3 days", "this week", "today"). Both ends are inclusive.
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

const SPAN_UNITS: Record<string, 'h' | 'd' | 'w'> = { hour: 'h', hours: 'h', day: 'd', days: 'd', week: 'w', weeks: 'w' };
const COUNT_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, thirty: 30,
};

/**
 * The span a question names, as a timeRange (`3d`, `1w`, `24h`): "the last/past N hours, days,
 * weeks or months", "the last/past/this hour, day, week or month", "today" (1d), "yesterday" (2d).
 * Undefined when it names none. Months count 30 days.
 */
export function questionTimeSpan(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === 'today') return '1d';
    if (word === 'yesterday') return '2d';
    if (word !== 'last' && word !== 'past' && word !== 'this') continue;
    const next = words[i + 1] ?? '';
    const count = /^\d{1,4}$/.test(next) ? Number(next) : COUNT_WORDS[next];
    const [n, unit] = count !== undefined && word !== 'this' ? [count, words[i + 2] ?? ''] : [1, next];
    if (n < 1) continue;
    if (unit === 'month' || unit === 'months') return `${n * 30}d`;
    if (SPAN_UNITS[unit]) return `${n}${SPAN_UNITS[unit]}`;
  }
  return undefined;
}

/** The narrower of the requested window and the span the question names. */
export function narrowWindow(window: TimeWindow, span: string | undefined, now: number): TimeWindow {
  if (span === undefined) return window;
  const named = resolveTimeWindow(span, now);
  return named.since !== undefined && (window.since === undefined || named.since > window.since) ? named : window;
}
