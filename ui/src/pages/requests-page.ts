// Requests: the request log (GET /api/v1/logs) as a filterable, paged table; a row opens its
// detail (GET /api/v1/logs/{id}).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LogEntry, LogPage } from '../analytics-types.js';
import { callApi } from '../api.js';
import { ErrorNotice } from '../components/notice.js';
import { useApi } from '../components/use-api.js';
import { formatCount, formatMs, formatTime, formatUsd } from '../format.js';

interface Filters {
  status: string;
  tier: string;
  model: string;
  search: string;
  hours: string;
}

const EMPTY: Filters = { status: '', tier: '', model: '', search: '', hours: '24' };
const PAGE_SIZE = 25;

export function RequestsPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const log = useApi(() => {
    const startDate = filters.hours ? new Date(Date.now() - Number(filters.hours) * 3_600_000).toISOString() : undefined;
    return callApi<LogPage>('/api/v1/logs', { query: { page, limit: PAGE_SIZE, status: filters.status, tier: filters.tier, model: filters.model, search: filters.search, startDate } });
  }, [filters, page]);

  const field = (name: keyof Filters) => ({
    value: draft[name],
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.target as HTMLInputElement).value }),
  });
  const apply = (event: Event) => {
    event.preventDefault();
    setPage(1);
    setFilters({ ...draft });
  };

  return html`<section aria-labelledby="requests-title">
    <header class="page-head">
      <h1 id="requests-title">Requests</h1>
      <button type="button" onClick=${log.reload}>Refresh</button>
    </header>
    <form class="filters" onSubmit=${apply} aria-label="Filter the request log">
      <label>Window
        <select ...${field('hours')} onChange=${field('hours').onInput}>
          <option value="1">Last hour</option><option value="24">Last 24 hours</option><option value="168">Last 7 days</option><option value="">Everything kept</option>
        </select>
      </label>
      <label>Status
        <select ...${field('status')} onChange=${field('status').onInput}>
          <option value="">Any</option><option value="success">Success</option><option value="error">Error</option>
        </select>
      </label>
      <label>Cache
        <select ...${field('tier')} onChange=${field('tier').onInput}>
          <option value="">Any</option><option value="hit">Hit</option><option value="exact">Hit (exact)</option><option value="semantic">Hit (semantic)</option><option value="miss">Miss</option><option value="skip">Skip</option><option value="bypass">Bypass</option>
        </select>
      </label>
      <label>Model <input type="text" ...${field('model')} placeholder="exact name" /></label>
      <label>Search <input type="search" ...${field('search')} placeholder="request id, error, session" /></label>
      <button type="submit">Apply filters</button>
    </form>
    ${log.error ? html`<${ErrorNotice} error=${log.error} feature="The request log" />` : log.data ? html`<${LogTable} log=${log.data} onOpen=${setOpenId} />` : html`<p aria-busy="true">Loading…</p>`}
    ${log.data && log.data.pagination.totalPages > 1
      ? html`<nav class="pager" aria-label="Pages">
          <button type="button" disabled=${page <= 1} onClick=${() => setPage(page - 1)}>Previous</button>
          <span>Page ${page} of ${log.data.pagination.totalPages}</span>
          <button type="button" disabled=${page >= log.data.pagination.totalPages} onClick=${() => setPage(page + 1)}>Next</button>
        </nav>`
      : null}
    ${openId ? html`<${LogDetail} id=${openId} onClose=${() => setOpenId(null)} />` : null}
  </section>`;
}

function cacheLabel(entry: LogEntry): string {
  if (entry.cacheStatus !== 'HIT') return entry.cacheStatus;
  return entry.cacheTier === 'semantic' && entry.similarity != null ? `HIT semantic ${entry.similarity.toFixed(3)}` : `HIT ${entry.cacheTier ?? ''}`.trim();
}

function LogTable({ log, onOpen }: { log: LogPage; onOpen: (id: string) => void }) {
  return html`<table class="data" data-testid="log-table">
    <caption>${formatCount(log.pagination.total)} ${log.pagination.total === 1 ? 'call' : 'calls'}</caption>
    <thead><tr>
      <th scope="col">Time</th><th scope="col">Endpoint</th><th scope="col">Model</th><th scope="col" class="num">Status</th>
      <th scope="col">Cache</th><th scope="col" class="num">Latency</th><th scope="col" class="num">Tokens in/out</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Saved</th>
    </tr></thead>
    <tbody>
      ${log.data.length === 0 ? html`<tr><td colspan="9" class="muted">No calls match these filters.</td></tr>` : null}
      ${log.data.map(
        (entry) => html`<tr class="clickable" onClick=${() => onOpen(entry.id)}>
          <td><button type="button" class="link" onClick=${(event: Event) => { event.stopPropagation(); onOpen(entry.id); }} aria-label=${`Open call ${entry.requestId}`}>${formatTime(entry.timestamp)}</button></td>
          <td>${entry.endpoint}</td>
          <td><code>${entry.model}</code></td>
          <td class=${`num ${entry.status >= 400 ? 'bad' : ''}`}>${entry.status}</td>
          <td><span class=${`pill ${entry.cacheStatus.toLowerCase()}`}>${cacheLabel(entry)}</span></td>
          <td class="num">${formatMs(entry.latencyMs)}</td>
          <td class="num">${formatCount(entry.inputTokens)} / ${formatCount(entry.outputTokens)}</td>
          <td class="num">${formatUsd(entry.cost)}</td>
          <td class="num">${formatUsd(entry.costSaved)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

const DETAIL_FIELDS: [keyof LogEntry, string][] = [
  ['requestId', 'Request id'], ['timestamp', 'Time'], ['tenantId', 'Tenant'], ['keyId', 'API key'], ['endpoint', 'Endpoint'],
  ['provider', 'Provider'], ['model', 'Model'], ['status', 'Status'], ['errorType', 'Error'], ['cacheStatus', 'Cache'],
  ['cacheTier', 'Cache tier'], ['similarity', 'Similarity'], ['latencyMs', 'Latency (ms)'], ['upstreamLatencyMs', 'Upstream latency (ms)'],
  ['inputTokens', 'Input tokens'], ['outputTokens', 'Output tokens'], ['cost', 'Cost (USD)'], ['costSaved', 'Saved (USD)'],
  ['coalesced', 'Coalesced'], ['agentType', 'Agent type'], ['agentSessionId', 'Agent session'],
];

function LogDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const entry = useApi(() => callApi<LogEntry>(`/api/v1/logs/${encodeURIComponent(id)}`), [id]);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [id]);
  return html`<aside class="panel" aria-labelledby="detail-title" data-testid="log-detail">
    <header class="page-head">
      <h2 id="detail-title">Call detail</h2>
      <button type="button" onClick=${onClose} ref=${close}>Close</button>
    </header>
    ${entry.error ? html`<${ErrorNotice} error=${entry.error} />` : null}
    ${entry.data
      ? html`<dl class="fields">
            ${DETAIL_FIELDS.map(([key, label]) => html`<div><dt>${label}</dt><dd>${String(entry.data![key] ?? '–')}</dd></div>`)}
          </dl>
          ${entry.data.requestBody ? html`<h3>Request body</h3><pre>${entry.data.requestBody}</pre>` : null}
          ${entry.data.responseBody ? html`<h3>Response body</h3><pre>${entry.data.responseBody}</pre>` : null}
          ${entry.data.requestBody == null && entry.data.responseBody == null ? html`<p class="muted">Bodies are kept only when SYNAPSE_LOG_BODIES is on.</p>` : null}`
      : null}
  </aside>`;
}
