// How numbers, money, durations and times are written on the dashboard.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatCount = (value: number | null | undefined): string => (value == null ? '–' : integer.format(value));

export const formatPercent = (ratio: number | null | undefined): string => (ratio == null ? '–' : `${(ratio * 100).toFixed(1)}%`);

export function formatUsd(value: number | null | undefined): string {
  if (value == null) return '–';
  if (value === 0) return '$0';
  return Math.abs(value) < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

export function formatMs(value: number | null | undefined): string {
  if (value == null) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}
