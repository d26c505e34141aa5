// A row of headline numbers, each a labelled figure.
import { html } from 'htm/preact';

export function StatTiles({ items, label }: { items: { label: string; value: string; testId?: string }[]; label: string }) {
  return html`<dl class="tiles" aria-label=${label}>
    ${items.map(
      (item) => html`<div class="tile">
        <dt>${item.label}</dt>
        <dd data-testid=${item.testId}>${item.value}</dd>
      </div>`,
    )}
  </dl>`;
}
