// Horizontal bars comparing a few values on one scale (latency of cache hits against upstream calls).
import { html } from 'htm/preact';

export interface Bar {
  label: string;
  value: number | null;
  tone: 'hit' | 'miss';
}

export function BarCompare({ title, bars, format }: { title: string; bars: Bar[]; format: (value: number) => string }) {
  const top = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <ul class="bars">
      ${bars.map(
        (bar) => html`<li>
          <span class="bar-label">${bar.label}</span>
          <span class="bar-track"><span class=${`bar ${bar.tone}`} style=${`width:${bar.value == null ? 0 : Math.max(1, (bar.value / top) * 100)}%`}></span></span>
          <span class="bar-value">${bar.value == null ? '–' : format(bar.value)}</span>
        </li>`,
      )}
    </ul>
  </figure>`;
}
