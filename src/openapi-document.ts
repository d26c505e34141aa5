// Builds the OpenAPI document of a gateway with every route family on (cache, metrics on the main
// port, memory), in a throwaway data directory with the mock upstream, so that it can be written out
// without a running server: `node dist/src/openapi-document.js docs/openapi.json` (run by `npm run build`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/load.js';
import { createGateway } from './gateway.js';

export async function openApiDocument(): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-openapi-'));
  try {
    const config = loadConfig({
      cwd: dataDir,
      env: { SYNAPSE_DATA_DIR: dataDir, SYNAPSE_MOCK: 'true', SYNAPSE_LOG_LEVEL: 'silent', SYNAPSE_BOOTSTRAP_KEY: 'sk-syn-openapi-document-0000000000000000' },
    });
    const gateway = await createGateway(config);
    try {
      await gateway.app.ready();
      return gateway.app.swagger();
    } finally {
      await gateway.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The document as committed: two-space JSON and a final newline. */
export function openApiText(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? 'docs/openapi.json';
  writeFileSync(target, openApiText(await openApiDocument()));
}
