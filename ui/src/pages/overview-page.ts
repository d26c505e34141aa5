// Overview: requests, hit rate, tokens and dollars saved, latency of hits against upstream calls,
// over a chosen window, and the busiest models and keys (GET /api/v1/analytics/*).
import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import type { BreakdownRow, Latency, Savings, SavingsRow } from '../analytics-types.js';
import { callApi } from '../api.js';
import { BarCompare } from '../components/bar-compare.js';
import { ErrorNotice } from '../components/notice.js';
import { StatTiles } from '../components/stat-tiles.js';
import { TimeChart } from '../components/time-chart.js';
import { useApi } from '../components/use-api.js';
import { formatCount, formatMs, formatPercent, formatUsd } from '../format.js';

const WINDOWS = {
  '1h': { label: 'Last hour', hours: 1, granularity: 'hour' },
  '24h': { label: 'Last 24 hours', hours: 24, granularity: 'hour' },
  '7d': { label: 'Last 7 days', hours: 24 * 7, granularity: 'day' },
  '30d': { label: 'Last 30 days', hours: 24 * 30, granularity: 'day' },
} as const;
type WindowName = keyof typeof WINDOWS;

interface Overview {
  /** The window in Unix seconds, and the length of one period. */
  range: [number, number];
  step: number;
  savings: Savings;
  latency: Latency;
  models: BreakdownRow[];
  keys: BreakdownRow[];
}

async function loadOverview(name: WindowName): Promise<Overview> {
  const window = WINDOWS[name];
  const endDate = new Date();
  const startDate = new Date(endDate.getTime() - window.hours * 3_600_000);
  const range = { startDate: startDate.toISOString(), endDate: endDate.toISOString() };
  const [savings, latency, models, keys] = await Promise.all([
    callApi<Savings>('/api/v1/analytics/savings', { query: { ...range, granularity: window.granularity } }),
    callApi<Latency>('/api/v1/analytics/latency', { query: range }),
    callApi<{ data: BreakdownRow[] }>('/api/v1/analytics/breakdown', { query: { ...range, by: 'model', limit: 5 } }),
    callApi<{ data: BreakdownRow[] }>('/api/v1/analytics/breakdown', { query: { ...range, by: 'key', limit: 5 } }),
  ]);
  const step = window.granularity === 'hour' ? 3600 : 86_400;
  return { range: [Math.floor(startDate.getTime() / 1000), Math.ceil(endDate.getTime() / 1000)], step, savings, latency, models: models.data, keys: keys.data };
}

export function OverviewPage() {
  const [windowName, setWindowName] = useState<WindowName>('24h');
  const overview = useApi(() => loadOverview(windowName), [windowName]);
  return html`<section aria-labelledby="overview-title">
    <header class="page-head">
      <h1 id="overview-title">Overview</h1>
      <div class="toolbar">
        <label>Window
          <select value=${windowName} onChange=${(event: Event) => setWindowName((event.target as HTMLSelectElement).value as WindowName)}>
            ${Object.entries(WINDOWS).map(([value, { label }]) => html`<option value=${value}>${label}</option>`)}
          </select>
        </label>
        <button type="button" onClick=${overview.reload}>Refresh</button>
      </div>
    </header>
    ${overview.error ? html`<${ErrorNotice} error=${overview.error} feature="The analytics API" />` : overview.data ? html`<${OverviewBody} overview=${overview.data} />` : html`<p aria-busy="true">Loading…</p>`}
  </section>`;
}

function OverviewBody({ overview }: { overview: Overview }) {
  const { summary } = overview.savings;
  const { times, data } = useMemo(() => everyPeriod(overview), [overview]);
  const traffic = useMemo(
    () => [
      { label: 'Requests', values: data.map((row) => row.totalRequests), color: '#2563eb', format: formatCount },
      { label: 'Cache hits', values: data.map((row) => row.cacheHits), color: '#16a34a', format: formatCount },
    ],
    [data],
  );
  const money = useMemo(
    () => [
      { label: 'Saved', values: data.map((row) => row.estimatedSavings), color: '#16a34a', format: formatUsd },
      { label: 'Spent', values: data.map((row) => row.actualCost), color: '#dc2626', format: formatUsd },
    ],
    [data],
  );
  const { hits, misses } = overview.latency;
  return html`
    <${StatTiles}
      label="Totals for the window"
      items=${[
        { label: 'Requests', value: formatCount(summary.totalRequests), testId: 'total-requests' },
        { label: 'Hit rate', value: formatPercent(summary.hitRate), testId: 'hit-rate' },
        { label: 'Tokens saved', value: formatCount(summary.tokensSaved), testId: 'tokens-saved' },
        { label: 'Dollars saved', value: formatUsd(summary.estimatedSavings), testId: 'dollars-saved' },
        { label: 'Upstream cost', value: formatUsd(summary.actualCost) },
      ]}
    />
    <div class="grid two">
      <${TimeChart} title="Requests and cache hits" times=${times} series=${traffic} range=${overview.range} />
      <${TimeChart} title="Dollars saved and spent" times=${times} series=${money} range=${overview.range} />
    </div>
    <${BarCompare}
      title=${`Latency: cached (${formatCount(hits.count)} calls) vs upstream (${formatCount(misses.count)} calls)`}
      format=${formatMs}
      bars=${[
        { label: 'Cached p50', value: hits.p50, tone: 'hit' },
        { label: 'Cached p95', value: hits.p95, tone: 'hit' },
        { label: 'Upstream p50', value: misses.p50, tone: 'miss' },
        { label: 'Upstream p95', value: misses.p95, tone: 'miss' },
      ]}
    />
    <div class="grid two">
      <${TopTable} title="Top models" rows=${overview.models} empty="(none)" />
      <${TopTable} title="Top API keys" rows=${overview.keys} empty="(no key)" />
    </div>`;
}

/** The API lists only periods with calls; the charts need the quiet ones too, as zeros (UTC periods). */
function everyPeriod(overview: Overview): { times: number[]; data: SavingsRow[] } {
  const byPeriod = new Map(overview.savings.data.map((row) => [Math.floor(Date.parse(row.period) / 1000), row]));
  const times: number[] = [];
  const data: SavingsRow[] = [];
  for (let time = Math.floor(overview.range[0] / overview.step) * overview.step; time <= overview.range[1]; time += overview.step) {
    times.push(time);
    data.push(byPeriod.get(time) ?? { period: '', totalRequests: 0, cacheHits: 0, cacheMisses: 0, hitRate: 0, tokensSaved: 0, estimatedSavings: 0, actualCost: 0 });
  }
  return { times, data };
}

function TopTable({ title, rows, empty }: { title: string; rows: BreakdownRow[]; empty: string }) {
  return html`<table class="data">
    <caption>${title}</caption>
    <thead><tr><th scope="col">Name</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Saved</th><th scope="col" class="num">Avg latency</th></tr></thead>
    <tbody>
      ${rows.length === 0 ? html`<tr><td colspan="5" class="muted">No calls in this window.</td></tr>` : null}
      ${rows.map(
        (row) => html`<tr>
          <th scope="row"><code>${row.value ?? empty}</code></th>
          <td class="num">${formatCount(row.totalRequests)}</td>
          <td class="num">${formatPercent(row.hitRate)}</td>
          <td class="num">${formatUsd(row.estimatedSavings)}</td>
          <td class="num">${formatMs(row.avgLatencyMs)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
