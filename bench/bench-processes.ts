// Starting and stopping the servers a benchmark measures, each in its own process so that the
// load generator does not share their event loop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

/**
 * With BENCH_PIN (default on where `taskset` exists and there are at least two cores), the load
 * generator keeps core 0 and the servers it measures run on the others, so that a server is not
 * slowed by the very load that measures it. BENCH_PIN=0 turns it off.
 */
export const PINNED = process.env.BENCH_PIN !== '0' && process.platform === 'linux' && availableParallelism() >= 2 && hasTaskset();
const SERVER_CORES = `1-${availableParallelism() - 1}`;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process (the load generator) to core 0 when PINNED. */
export function pinLoadGenerator(): void {
  if (PINNED) execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
}

/** The command that starts a node process: under `taskset` on the server cores when PINNED. */
function nodeCommand(args: string[]): [string, string[]] {
  return PINNED ? ['taskset', ['-c', SERVER_CORES, process.execPath, ...args]] : [process.execPath, args];
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns a node script that prints its URL as its first stdout line. */
export async function spawnPrintingUrl(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const [command, commandArgs] = nodeCommand([script, ...args]);
  const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (data: Buffer) => {
      buffered += data.toString();
      const match = /https?:\/\/[^\s]+/.exec(buffered);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  child.stdout!.resume();
  return { url, child, stop: () => stopProcess(child) };
}

/**
 * Spawns the gateway with the given environment and waits until /health answers. `nodeFlags` go
 * before the script (`--cpu-prof`, to profile the gateway under the benchmark's load).
 */
export async function spawnGateway(script: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const [command, commandArgs] = nodeCommand([...nodeFlags, script]);
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    try {
      if ((await fetch(url + '/health')).ok) return { url, child, stop: () => stopProcess(child) };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('gateway did not become healthy');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}
