// The web dashboard: GET /dashboard serves the page built by `npm run build` (ui/, into
// dist/dashboard), GET /dashboard/assets/{file} its content-hashed scripts and styles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { SynapseError } from '../../../errors.js';
import type { SynapseApp } from '../../contract/synapse-app.js';
import { routeConfig } from '../../route-config.js';

/** Where `npm run build` writes the dashboard, seen from dist/src/http/routes/dashboard/. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../../dashboard/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

// Everything comes from this gateway: no CDN, no inline script; styles set from script are allowed.
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const publicAccess = routeConfig({ auth: 'public' });
const fileParams = Type.Object({ file: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' }) });
// Static files for a browser, not API operations: left out of the OpenAPI document.
const staticFile = { ...publicAccess, schema: { hide: true } };

interface Asset {
  body: Buffer;
  type: string;
}

/** Reads the built files once, at start: they are small, and a rebuild means a restart anyway. */
function loadDashboard(dir: string): { page: Buffer | undefined; assets: Map<string, Asset> } {
  const assets = new Map<string, Asset>();
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      const type = CONTENT_TYPES[extname(name)];
      if (type) assets.set(name, { body: readFileSync(join(assetDir, name)), type });
    }
  }
  const pagePath = join(dir, 'index.html');
  return { page: existsSync(pagePath) ? readFileSync(pagePath) : undefined, assets };
}

export function registerDashboardRoutes(app: SynapseApp, dir: string = DEFAULT_DASHBOARD_DIR): void {
  const { page, assets } = loadDashboard(dir);
  const sendPage = (reply: FastifyReply) => {
    reply.header('content-security-policy', PAGE_POLICY).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (!page) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard has not been built: run `npm run build` and restart the gateway.\n');
    }
    // The page names the hashed assets, so it is the one file a browser must always revalidate.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
  };

  app.get('/dashboard', staticFile, async (_request, reply) => sendPage(reply));
  app.get('/dashboard/', staticFile, async (_request, reply) => sendPage(reply));
  app.get('/dashboard/assets/:file', { ...publicAccess, schema: { hide: true, params: fileParams } }, async (request, reply) => {
    const { file } = request.params;
    const asset = assets.get(file);
    if (!asset) throw new SynapseError('not_found', { what: `dashboard asset '${file}'` });
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .type(asset.type)
      .send(asset.body);
  });
}
