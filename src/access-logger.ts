// The access log's own logger: the gateway's log level, its lines buffered and written to standard
// output when 4 KiB have gathered, every 250 ms, and at exit. The access log writes one line per
// request; written one at a time, they cost a write system call each (a sixth of a cache hit's
// CPU, docs/benchmarks.md). Every other log line is written at once by the main logger.
import { pino, type Logger } from 'pino';

const BUFFER_BYTES = 4096;
const FLUSH_EVERY_MS = 250;

export interface AccessLogger {
  logger: Logger;
  /** Writes what is buffered and stops the periodic flush. */
  close(): void;
}

export function openAccessLogger(level: string): AccessLogger {
  // pino flushes a destination like this one synchronously when the process exits.
  const destination = pino.destination({ dest: 1, minLength: BUFFER_BYTES, periodicFlush: FLUSH_EVERY_MS, sync: false });
  return {
    logger: pino({ level }, destination),
    close() {
      destination.flushSync();
      destination.end();
    },
  };
}
