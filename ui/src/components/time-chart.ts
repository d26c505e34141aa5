// A time-series line chart (uPlot), with its numbers also given as a table for screen readers.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
  format: (value: number) => string;
}

/** `range` is the window in Unix seconds, so one busy hour is drawn in its place, not stretched over years. */
export function TimeChart({ title, times, series, range }: { title: string; times: number[]; series: Series[]; range: [number, number] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || times.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height: 200,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true, range: () => range }, y: { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? max * 1.1 : 1] } },
        series: [{}, ...series.map((line) => ({ label: line.label, stroke: line.color, width: 2, points: { show: times.length < 40 }, value: (_u: uPlot, v: number | null) => (v == null ? '–' : line.format(v)) }))],
        axes: [{}, { size: 80, values: (_u: uPlot, ticks: number[]) => ticks.map((tick) => series[0]!.format(tick)) }],
      },
      [times, ...series.map((line) => line.values)],
      element,
    );
    const resize = () => plot.setSize({ width: Math.max(280, element.clientWidth), height: 200 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [times, series, range[0], range[1]]);
  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    ${series.every((line) => line.values.every((value) => !value)) ? html`<p class="muted">No calls in this window.</p>` : html`<div ref=${box} aria-hidden="true"></div>`}
    <table class="sr-only">
      <caption>${title}</caption>
      <thead><tr><th scope="col">Period</th>${series.map((line) => html`<th scope="col">${line.label}</th>`)}</tr></thead>
      <tbody>
        ${times.map((time, index) => html`<tr><th scope="row">${new Date(time * 1000).toISOString()}</th>${series.map((line) => html`<td>${line.values[index] == null ? '–' : line.format(line.values[index]!)}</td>`)}</tr>`)}
      </tbody>
    </table>
  </figure>`;
}
