// "3 minutes ago" for ISO timestamps in the CLI's human-readable tables.

const UNITS: ReadonlyArray<[string, number]> = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '-';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const secs = Math.round((now - at) / 1000);
  const abs = Math.abs(secs);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size) {
      const count = Math.round(abs / size);
      const label = `${count} ${unit}${count === 1 ? '' : 's'}`;
      return secs >= 0 ? `${label} ago` : `in ${label}`;
    }
  }
  return secs >= 0 ? '1 minute ago' : 'in 1 minute';
}
