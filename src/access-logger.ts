// The access log: one line per answered request, in the main logger's (pino's) JSON line format,
// gathered as UTF-8 bytes into 64 KiB chunks. A chunk goes to standard output when full, every 250 ms
// and at exit, written from libuv's thread pool, so that a slow reader of the output (a full pipe)
// never blocks the requests (past 16 MiB waiting, chunks are dropped); at exit, synchronously.
// Written one at a time, lines would cost a write system call each (a sixth of a cache hit's CPU).
// The line is formatted here rather than by a pino logger: its five fields are always the same, and
// pino's general path (the fields' object walked, the text measured again by its destination on
// every line) cost a hit 4 to 6 µs, this about 2 (docs/benchmarks.md). Every other log line is
// written at once by the main logger.
import { hostname } from 'node:os';
import { pino } from 'pino';
import { KeyPathIndex } from './key-path-index.js';

/**
 * Each chunk is one write handed to libuv's thread pool, which wakes a thread of the pool: with 4 KiB
 * chunks those wake-ups cost a cache hit about 1 µs (bench:proxy, docs/benchmarks.md).
 */
const CHUNK_BYTES = 64 * 1024;
/** Bytes waiting for a reader that does not keep up, at most; chunks beyond are dropped, not kept in memory. */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;
const FLUSH_EVERY_MS = 250;

/** One answered request as its access-log line records it; `route` is the matched pattern, `ms` the latency. */
export interface AccessLine {
  requestId: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

export interface AccessLogger {
  write(line: AccessLine): void;
  /** Writes what is gathered and stops the periodic flush. */
  close(): void;
}

/** pino's level number for info, the access log's level. */
const INFO = 30;

/** Lines encoded into a chunk; a full chunk is handed to `out` (which keeps it: a new one is started). */
export class LineChunks {
  private chunk: Buffer;
  private used = 0;

  constructor(
    private readonly out: (bytes: Buffer) => void,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  write(line: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: a line that may not fit starts a new chunk.
    if (this.used + line.length * 3 > this.chunkBytes) {
      this.flush();
      if (line.length * 3 > this.chunkBytes) return this.out(Buffer.from(line));
    }
    this.used += this.chunk.write(line, this.used);
  }

  flush(): void {
    if (this.used === 0) return;
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
    this.out(full);
  }
}

/** The access log, or undefined when the log level hides info lines (as pino would drop them). */
export function openAccessLogger(level: string): AccessLogger | undefined {
  if ((pino.levels.values[level] ?? INFO) > INFO) return undefined;
  const destination = pino.destination({ dest: 1, sync: false, contentMode: 'buffer', maxLength: MAX_PENDING_BYTES });
  // In 'buffer' mode sonic-boom takes Buffers; pino's type for its destination names only strings.
  const chunks = new LineChunks((bytes) => destination.write(bytes as unknown as string));
  const timer = setInterval(() => chunks.flush(), FLUSH_EVERY_MS);
  timer.unref();
  // What is still gathered when the process exits, written synchronously.
  const atExit = (): void => {
    chunks.flush();
    destination.flushSync();
  };
  process.once('exit', atExit);
  // pino's fields of the root logger: its level, time, and the process's base bindings.
  const bindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  // The method and route fields of the line, by route and method: a few route patterns, over and over.
  const requestFields = new KeyPathIndex(([route, method]: [string, string]) => `"method":${JSON.stringify(method)},"route":${JSON.stringify(route)}`);
  return {
    write({ requestId, method, route, status, ms }) {
      chunks.write(
        `{"level":${INFO},"time":${Date.now()}${bindings},"requestId":${JSON.stringify(requestId)},${requestFields.get([route, method])},` +
          `"status":${status},"ms":${Math.round(ms * 100) / 100},"msg":"request completed"}\n`,
      );
    },
    close() {
      clearInterval(timer);
      process.removeListener('exit', atExit);
      chunks.flush();
      destination.flushSync();
      destination.end();
    },
  };
}
