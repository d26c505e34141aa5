// Bound series (bound-series.ts) found by their label values, one Map per label. The hot path's
// label values are mostly the same string objects on every call (a route's pattern, an endpoint's
// name), whose hashes V8 keeps; a key joined from them was a new string to hash on every call.

export class SeriesIndex<Series> {
  private readonly root = new Map<unknown, unknown>();

  /** The series for these label values (in a fixed order), made by `make` the first time. */
  get(values: readonly (string | number)[], make: () => Series): Series {
    let map = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      let next = map.get(values[i]) as Map<unknown, unknown> | undefined;
      if (!next) map.set(values[i], (next = new Map()));
      map = next;
    }
    let series = map.get(values[last]) as Series | undefined;
    if (series === undefined) map.set(values[last], (series = make()));
    return series;
  }
}
