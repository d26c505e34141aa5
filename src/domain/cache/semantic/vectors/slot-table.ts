// A map from feature slot to a small integer, in two typed arrays (open addressing, linear
// probing): the posting lists' directory. A Map costs about 40 bytes an entry and a hashed lookup
// per component of every vector added; this costs 16 bytes at most and a multiply.

const EMPTY = 0;

export class SlotTable {
  /** slot + 1 (0: empty), so slot 0 is a key like any other (slots are below 2^32 - 1). */
  private keys = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private shift = 32 - 10;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The slot's value, or -1 when it has none. */
  get(slot: number): number {
    const keys = this.keys;
    const key = (slot + 1) >>> 0;
    const mask = keys.length - 1;
    for (let at = Math.imul(key, 0x9e3779b1) >>> this.shift; ; at = (at + 1) & mask) {
      const found = keys[at]!;
      if (found === key) return this.values[at]!;
      if (found === EMPTY) return -1;
    }
  }

  /** Sets a slot that has no value yet (get said -1). */
  insert(slot: number, value: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    this.place((slot + 1) >>> 0, value);
    this.count++;
  }

  private place(key: number, value: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let at = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (keys[at] !== EMPTY) at = (at + 1) & mask;
    keys[at] = key;
    this.values[at] = value;
  }

  private rehash(capacity: number): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
    this.shift = 32 - Math.log2(capacity);
    for (let at = 0; at < keys.length; at++) if (keys[at] !== EMPTY) this.place(keys[at]!, values[at]!);
  }
}
