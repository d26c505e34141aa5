// Bound series (src/metrics/bound-series.ts) must expose exactly what prom-client's own calls
// would: the same observations through both, compared as exposition text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { BoundCounter, BoundHistogram } from '../../src/metrics/bound-series.js';

function pair(): { registry: Registry; counter: Counter<'route' | 'status'>; histogram: Histogram<'route' | 'status'> } {
  const registry = new Registry();
  const registers = [registry];
  const counter = new Counter({ name: 'c_total', help: 'c', labelNames: ['route', 'status'], registers });
  const histogram = new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['route', 'status'], buckets: [0.001, 0.01, 0.1, 1], registers });
  return { registry, counter, histogram };
}

// Values on, between, below and above the bounds, and zero.
const VALUES = [0, 0.0005, 0.001, 0.002, 0.01, 0.05, 0.1, 0.99, 1, 1.5, 30, 0.001];

describe('bound series', () => {
  test('counters and histograms expose what prom-client alone exposes, series by series', async () => {
    const plain = pair();
    const bound = pair();
    const labelSets = [{ route: '/a', status: '200' }, { route: '/b', status: '429' }];
    const series = labelSets.map((labels) => ({ count: new BoundCounter(bound.counter, labels), duration: new BoundHistogram(bound.histogram, labels) }));
    for (const value of VALUES) {
      labelSets.forEach((labels, index) => {
        plain.counter.inc(labels, index + 1);
        plain.histogram.observe(labels, value * (index + 1));
        series[index]!.count.inc(index + 1);
        series[index]!.duration.observe(value * (index + 1));
      });
    }
    plain.counter.inc(labelSets[0]!);
    series[0]!.count.inc();
    assert.equal(await bound.registry.metrics(), await plain.registry.metrics());
    assert.match(await bound.registry.metrics(), /c_total\{route="\/a",status="200"\} 13\n/);
  });

  test('after a reset the series start again from zero, as prom-client does', async () => {
    const plain = pair();
    const bound = pair();
    const labels = { route: '/a', status: '200' };
    const count = new BoundCounter(bound.counter, labels);
    const duration = new BoundHistogram(bound.histogram, labels);
    for (const value of VALUES) {
      count.inc();
      duration.observe(value);
    }
    bound.counter.reset();
    bound.histogram.reset();
    count.inc(2);
    duration.observe(0.05);
    count.inc();
    duration.observe(0.5);
    plain.counter.inc(labels, 3);
    plain.histogram.observe(labels, 0.05);
    plain.histogram.observe(labels, 0.5);
    assert.equal(await bound.registry.metrics(), await plain.registry.metrics());
  });

  test('invalid amounts are refused as prom-client refuses them', () => {
    const { counter, histogram } = pair();
    const labels = { route: '/a', status: '200' };
    const count = new BoundCounter(counter, labels);
    const duration = new BoundHistogram(histogram, labels);
    count.inc();
    duration.observe(1);
    assert.throws(() => count.inc(-1), /not possible to decrease/);
    assert.throws(() => count.inc(Number.POSITIVE_INFINITY), /not a valid number/);
    assert.throws(() => duration.observe(Number.NaN), /not a valid number/);
  });

  test('a metric that does not store values as expected gets every call through its public API', () => {
    const counted: number[] = [];
    const observed: number[] = [];
    const counter = { inc: (_labels: object, amount: number) => counted.push(amount) } as unknown as Counter<string>;
    const histogram = { upperBounds: [1], observe: (_labels: object, value: number) => observed.push(value) } as unknown as Histogram<string>;
    const count = new BoundCounter(counter, { route: '/a' });
    const duration = new BoundHistogram(histogram, { route: '/a' });
    for (const value of [1, 2, 3]) {
      count.inc(value);
      duration.observe(value);
    }
    assert.deepEqual(counted, [1, 2, 3]);
    assert.deepEqual(observed, [1, 2, 3]);
  });
});
