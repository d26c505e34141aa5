// Values found by a path of keys, one Map per key, made the first time a path is asked for. On the
// cache-hit path the keys are mostly the same string objects on every call (a route's pattern, an
// endpoint's name), whose hashes V8 keeps; a key joined from them was a new string to hash on every
// call. Used by the metrics' bound series and the access log's fixed fields.

export class KeyPathIndex<Path extends readonly (string | number)[], Value> {
  private readonly root = new Map<unknown, unknown>();

  /** `make`: the value of a path not asked for before (given once, so that a lookup allocates no closure). */
  constructor(private readonly make: (path: Path) => Value) {}

  get(path: Path): Value {
    let map = this.root;
    const last = path.length - 1;
    for (let i = 0; i < last; i++) {
      let next = map.get(path[i]) as Map<unknown, unknown> | undefined;
      if (!next) map.set(path[i], (next = new Map()));
      map = next;
    }
    let value = map.get(path[last]) as Value | undefined;
    if (value === undefined) map.set(path[last], (value = this.make(path)));
    return value;
  }
}
