// Cache: statistics (GET /api/v1/cache/stats), invalidation (DELETE /api/v1/cache[/{id}]), the
// thresholds (GET|PUT /api/v1/thresholds) and the preview: would this request hit?
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { callApi } from '../api.js';
import { ErrorNotice } from '../components/notice.js';
import { StatTiles } from '../components/stat-tiles.js';
import { useApi } from '../components/use-api.js';
import { formatCount, formatPercent, formatUsd } from '../format.js';

interface TenantStats {
  tenantId: string;
  entries: number;
  hits: number;
  misses: number;
  hitRate: number;
  tokensSaved: number;
  usdSaved: number;
}
type CacheStats = Omit<TenantStats, 'tenantId'> & { byTenant: TenantStats[] };

interface Thresholds {
  cacheHitThreshold: number;
  ttlSecs: number;
  tenant: { tenantId: string; cacheHitThreshold: number; ttlSecs: number; overrides: Record<string, number> };
}

interface Preview {
  action: 'hit' | 'miss';
  source: 'exact' | 'semantic' | null;
  similarity: number | null;
  threshold: number;
  entryId: string | null;
  nearest: { entryId: string; similarity: number; rejectedBecause?: string } | null;
  exactOnlyBecause?: string;
}

export function CachePage() {
  const stats = useApi(() => callApi<CacheStats>('/api/v1/cache/stats'), []);
  return html`<section aria-labelledby="cache-title">
    <header class="page-head">
      <h1 id="cache-title">Cache</h1>
      <button type="button" onClick=${stats.reload}>Refresh</button>
    </header>
    ${stats.error ? html`<${ErrorNotice} error=${stats.error} />` : null}
    ${stats.data
      ? html`<${StatTiles}
            label="Cache statistics"
            items=${[
              { label: 'Entries', value: formatCount(stats.data.entries), testId: 'cache-entries' },
              { label: 'Hits', value: formatCount(stats.data.hits), testId: 'cache-hits' },
              { label: 'Misses', value: formatCount(stats.data.misses), testId: 'cache-misses' },
              { label: 'Hit rate', value: formatPercent(stats.data.hitRate), testId: 'cache-hit-rate' },
              { label: 'Tokens saved', value: formatCount(stats.data.tokensSaved) },
              { label: 'Dollars saved', value: formatUsd(stats.data.usdSaved) },
            ]}
          />
          ${stats.data.byTenant.length > 1 ? html`<${TenantTable} rows=${stats.data.byTenant} />` : null}`
      : null}
    <div class="grid two">
      <${PreviewForm} onChanged=${stats.reload} />
      <div>
        <${InvalidateForm} onChanged=${stats.reload} />
        <${ThresholdForm} />
      </div>
    </div>
  </section>`;
}

function TenantTable({ rows }: { rows: TenantStats[] }) {
  return html`<table class="data">
    <caption>By tenant</caption>
    <thead><tr><th scope="col">Tenant</th><th scope="col" class="num">Entries</th><th scope="col" class="num">Hits</th><th scope="col" class="num">Misses</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">Saved</th></tr></thead>
    <tbody>${rows.map((row) => html`<tr><th scope="row">${row.tenantId}</th><td class="num">${formatCount(row.entries)}</td><td class="num">${formatCount(row.hits)}</td><td class="num">${formatCount(row.misses)}</td><td class="num">${formatPercent(row.hitRate)}</td><td class="num">${formatUsd(row.usdSaved)}</td></tr>`)}</tbody>
  </table>`;
}

function PreviewForm({ onChanged }: { onChanged: () => void }) {
  const [model, setModel] = useState('gpt-4o-mini');
  const [prompt, setPrompt] = useState('');
  const [result, setResult] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setRemoved(null);
    try {
      setResult(await callApi<Preview>('/api/v1/cache/preview', { body: { model, messages: [{ role: 'user', content: prompt }] } }));
    } catch (caught) {
      setResult(null);
      setError(caught);
    }
  };
  const invalidate = async (entryId: string) => {
    try {
      await callApi(`/api/v1/cache/${encodeURIComponent(entryId)}`, { method: 'DELETE' });
      setRemoved(entryId);
      setResult(null);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="preview-title">
    <h2 id="preview-title">Would this request hit?</h2>
    <label>Model <input type="text" required value=${model} onInput=${(event: Event) => setModel((event.target as HTMLInputElement).value)} /></label>
    <label>User message <textarea required rows="3" value=${prompt} onInput=${(event: Event) => setPrompt((event.target as HTMLTextAreaElement).value)}></textarea></label>
    <button type="submit">Preview</button>
    ${error ? html`<${ErrorNotice} error=${error} />` : null}
    ${removed ? html`<p role="status">Entry <code>${removed}</code> invalidated.</p>` : null}
    ${result
      ? html`<div role="status" data-testid="preview-result" class=${`verdict ${result.action}`}>
          <strong>${result.action === 'hit' ? `HIT (${result.source})` : 'MISS'}</strong>
          ${result.similarity != null ? html` similarity ${result.similarity.toFixed(3)}` : null} · threshold ${result.threshold}
          ${result.nearest && result.action === 'miss' ? html`<p>Nearest entry <code>${result.nearest.entryId}</code>, similarity ${result.nearest.similarity.toFixed(3)}${result.nearest.rejectedBecause ? ` (${result.nearest.rejectedBecause})` : ''}</p>` : null}
          ${result.exactOnlyBecause ? html`<p class="muted">Exact matches only: ${result.exactOnlyBecause}.</p>` : null}
          ${result.entryId ? html`<p>Entry <code>${result.entryId}</code> <button type="button" class="danger" onClick=${() => invalidate(result.entryId!)}>Invalidate this entry</button></p>` : null}
        </div>`
      : null}
  </form>`;
}

function InvalidateForm({ onChanged }: { onChanged: () => void }) {
  const [model, setModel] = useState('');
  const [armed, setArmed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!armed) return setArmed(true);
    setArmed(false);
    try {
      const result = await callApi<{ deleted: number }>('/api/v1/cache', { method: 'DELETE', query: { model } });
      setMessage(`${formatCount(result.deleted)} entries invalidated${model ? ` for ${model}` : ''}.`);
      setError(null);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="invalidate-title">
    <h2 id="invalidate-title">Invalidate</h2>
    <label>Model (empty: every entry of your tenant) <input type="text" value=${model} onInput=${(event: Event) => { setModel((event.target as HTMLInputElement).value); setArmed(false); }} /></label>
    <button type="submit" class="danger">${armed ? 'Confirm: invalidate' : 'Invalidate entries'}</button>
    ${armed ? html`<button type="button" onClick=${() => setArmed(false)}>Cancel</button>` : null}
    ${message ? html`<p role="status">${message}</p>` : null}
    ${error ? html`<${ErrorNotice} error=${error} />` : null}
  </form>`;
}

function ThresholdForm() {
  const current = useApi(() => callApi<Thresholds>('/api/v1/thresholds'), []);
  const [threshold, setThreshold] = useState('');
  const [ttl, setTtl] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const patch: Record<string, number> = {};
    if (threshold) patch.cacheHitThreshold = Number(threshold);
    if (ttl) patch.ttlSecs = Number(ttl);
    if (Object.keys(patch).length === 0) return;
    try {
      await callApi('/api/v1/thresholds', { method: 'PUT', body: patch });
      setMessage('Thresholds saved.');
      setError(null);
      current.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  if (current.error) return html`<div class="card"><h2>Thresholds</h2><${ErrorNotice} error=${current.error} /></div>`;
  const data = current.data;
  return html`<form class="card" onSubmit=${submit} aria-labelledby="threshold-title">
    <h2 id="threshold-title">Thresholds</h2>
    ${data
      ? html`<p>Gateway: similarity ≥ <strong>${data.cacheHitThreshold}</strong>, TTL <strong>${formatCount(data.ttlSecs)} s</strong>.
          Your tenant (${data.tenant.tenantId}): ≥ ${data.tenant.cacheHitThreshold}, ${formatCount(data.tenant.ttlSecs)} s.</p>`
      : null}
    <label>Similarity threshold (0–1] <input type="number" step="0.01" min="0.01" max="1" value=${threshold} onInput=${(event: Event) => setThreshold((event.target as HTMLInputElement).value)} /></label>
    <label>TTL in seconds <input type="number" min="1" step="1" value=${ttl} onInput=${(event: Event) => setTtl((event.target as HTMLInputElement).value)} /></label>
    <button type="submit">Save gateway thresholds</button>
    <p class="muted">Changing the gateway-wide values needs an admin of the operator tenant.</p>
    ${message ? html`<p role="status">${message}</p>` : null}
    ${error ? html`<${ErrorNotice} error=${error} />` : null}
  </form>`;
}
