// The version of the installed package, read from its package.json (compiled to dist/src/cli/, so
// the package root is three levels up), for `synapse --version` and the MCP server's handshake.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached === undefined) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      cached = typeof manifest.version === 'string' ? manifest.version : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
