// A real gateway process for the soak: `node dist/src/main.js` on a data directory of its own,
// started, killed with SIGKILL and started again on the same data; its RSS read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const MAIN_JS = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Resident set size in MiB, or undefined once the process is gone. */
  rssMiB(): number | undefined;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  stderr(): string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

export async function startGatewayProcess(env: Record<string, string>, port: number): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), SYNAPSE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors = (errors + text).slice(-20_000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300 || child.exitCode !== null) throw new Error(`gateway did not start: ${errors}`);
    await sleep(50);
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    rssMiB() {
      try {
        const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
        return line ? Number(line.replace(/\D+/g, '')) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
      await exited;
    },
    stderr: () => errors,
  };
}
