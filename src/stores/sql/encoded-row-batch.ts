// A request-log batch as the SQL stores append it: each row, as it is added, written as the JSON
// array of its column values (REQUEST_LOG_COLUMNS order) into UTF-8 chunks outside the JavaScript
// heap. Rows kept as objects until the flush outlived the garbage collector's young generation and
// were copied by every collection in between; as bytes, a row's objects die young and the bytes are
// never scanned (bench:proxy: a cache hit's main-thread CPU, docs/benchmarks.md). The SQLite store
// moves the bytes to its insert worker without a copy.
import type { RequestLogBatch, RequestLogRow } from '../ports/request-log-store.js';
import { columnValues } from './request-log-columns.js';

const CHUNK_BYTES = 64 * 1024;
const COMMA = 0x2c;
/** No chunk until the first row: a batch that stays empty (an idle gateway's, each second) costs nothing. */
const NO_CHUNK = Buffer.alloc(0);

export class EncodedRowBatch implements RequestLogBatch {
  private readonly full: Buffer[] = [];
  private chunk = NO_CHUNK;
  private used = 0;
  private fullBytes = 0;
  private count = 0;

  get rows(): number {
    return this.count;
  }

  add(row: RequestLogRow): void {
    const text = JSON.stringify(columnValues(row));
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: a row that may not fit, with the comma
    // before it, starts a new chunk.
    if (this.used + 1 + text.length * 3 > this.chunk.length) {
      this.retire();
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, 1 + Buffer.byteLength(text)));
    }
    if (this.count > 0) this.chunk[this.used++] = COMMA;
    this.used += this.chunk.write(text, this.used);
    this.count++;
  }

  absorb(later: RequestLogBatch): void {
    if (!(later instanceof EncodedRowBatch)) throw new TypeError('request log: a batch made by another store');
    if (later.count === 0) return;
    this.retire();
    if (this.count > 0) this.keep(Buffer.from(','));
    for (const part of [...later.full, later.chunk.subarray(0, later.used)]) this.keep(part);
    this.count += later.count;
  }

  /** The rows as UTF-8 JSON (an array of rows, each the array of its column values), in a buffer of its own. */
  bytes(): Uint8Array<ArrayBuffer> {
    const bytes = new Uint8Array(this.fullBytes + this.used + 2);
    bytes[0] = 0x5b; // [
    let at = 1;
    for (const part of [...this.full, this.chunk.subarray(0, this.used)]) {
      bytes.set(part, at);
      at += part.length;
    }
    bytes[at] = 0x5d; // ]
    return bytes;
  }

  /** The rows as arrays of their column values. */
  values(): unknown[][] {
    return JSON.parse(Buffer.from(this.bytes().buffer).toString('utf8')) as unknown[][];
  }

  /** The current chunk joins the full ones; the next row starts a new chunk. */
  private retire(): void {
    if (this.used > 0) this.keep(this.chunk.subarray(0, this.used));
    this.chunk = NO_CHUNK;
    this.used = 0;
  }

  private keep(part: Buffer): void {
    this.full.push(part);
    this.fullBytes += part.length;
  }
}
