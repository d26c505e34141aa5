// One labelled series of a prom-client Counter or Histogram, updated without prom-client's
// per-call work. prom-client's own `labels()` children validate and hash their labels on every
// call (seven times per proxied request here, about 5% of a cache hit's CPU); a bound series finds
// the value prom-client stores for its labels once and then adds to it in place. The exposition is
// prom-client's, unchanged. Should prom-client store its values differently (another version) or
// drop them (reset()), the series goes through prom-client's public API, which stays correct.
import type { Counter, Histogram } from 'prom-client';

type Labels = Record<string, string>;

/** prom-client's stored value of one series of a counter (lib/counter.js). */
interface CounterValue {
  value: number;
  labels: Labels;
}

/** prom-client's stored value of one series of a histogram (lib/histogram.js). */
interface HistogramValue {
  labels: Labels;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

/** What a prom-client metric keeps: its series by label hash, and a histogram's bucket bounds. */
interface MetricStore<Value> {
  hashMap?: Record<string, Value>;
  upperBounds?: readonly number[];
}

/** The stored value whose labels are `labels` (prom-client keeps the object it was given), and its hash. */
function locate<Value extends { labels: Labels }>(store: MetricStore<Value>, labels: Labels): { hash: string; value: Value } | undefined {
  const map = store.hashMap;
  if (typeof map !== 'object' || map === null) return undefined;
  for (const hash of Object.keys(map)) {
    if (map[hash]?.labels === labels) return { hash, value: map[hash]! };
  }
  return undefined;
}

export class BoundCounter {
  private hash = '';
  private stored: CounterValue | undefined;
  /** prom-client did not store the value where expected: its public calls only, from then on. */
  private unknownLayout = false;

  constructor(
    private readonly metric: Counter<string>,
    private readonly labels: Labels,
  ) {}

  inc(amount = 1): void {
    const stored = this.stored;
    if (stored !== undefined && amount >= 0 && Number.isFinite(amount) && this.store().hashMap?.[this.hash] === stored) {
      stored.value += amount;
      return;
    }
    this.metric.inc(this.labels, amount);
    if (this.unknownLayout) return;
    const found = locate(this.store(), this.labels);
    this.hash = found?.hash ?? '';
    this.stored = found !== undefined && typeof found.value.value === 'number' ? found.value : undefined;
    this.unknownLayout = this.stored === undefined;
  }

  private store(): MetricStore<CounterValue> {
    return this.metric as unknown as MetricStore<CounterValue>;
  }
}

export class BoundHistogram {
  private hash = '';
  private stored: HistogramValue | undefined;
  private readonly bounds: readonly number[] | undefined;
  /** The bounds as the property names prom-client counts buckets under (a number key is converted on every use). */
  private readonly bucketNames: readonly string[];
  /** prom-client did not store the value where expected: its public calls only, from then on. */
  private unknownLayout = false;

  constructor(
    private readonly metric: Histogram<string>,
    private readonly labels: Labels,
  ) {
    const bounds = this.store().upperBounds;
    this.bounds = Array.isArray(bounds) && bounds.every((bound) => typeof bound === 'number') ? bounds : undefined;
    this.bucketNames = (this.bounds ?? []).map(String);
  }

  observe(value: number): void {
    const stored = this.stored;
    const bounds = this.bounds;
    if (stored !== undefined && bounds !== undefined && Number.isFinite(value) && this.store().hashMap?.[this.hash] === stored) {
      stored.sum += value;
      stored.count += 1;
      // As prom-client counts it: in the first bucket whose bound is at least the value (none: +Inf only).
      for (let i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]!) {
          stored.bucketValues[this.bucketNames[i]!]! += 1;
          break;
        }
      }
      return;
    }
    this.metric.observe(this.labels, value);
    if (this.unknownLayout) return;
    const found = locate(this.store(), this.labels);
    this.hash = found?.hash ?? '';
    const usable =
      found !== undefined &&
      typeof found.value.sum === 'number' &&
      typeof found.value.count === 'number' &&
      typeof found.value.bucketValues === 'object' &&
      this.bucketNames.every((name) => typeof found.value.bucketValues[name] === 'number');
    this.stored = usable && bounds !== undefined ? found.value : undefined;
    this.unknownLayout = this.stored === undefined;
  }

  private store(): MetricStore<HistogramValue> {
    return this.metric as unknown as MetricStore<HistogramValue>;
  }
}
