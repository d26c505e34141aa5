// What a command reads and writes: the process's streams, environment and working directory, in
// one object so that commands stay testable and hooks can run with their own cwd.
import { paletteFor, type Palette } from './output/colour.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  palette: Palette;
  now: () => number;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    palette: paletteFor(process.stdout, process.env),
    now: Date.now,
  };
}

/** Reads all of stdin as text, or '' when stdin is a terminal. */
export async function readStdin(io: CliIo): Promise<string> {
  if ((io.stdin as { isTTY?: boolean }).isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
