// The ids that travel in URL paths, each with its SPEC limit, declared once: every route gets a
// params schema for the ids its path names (a route naming an undeclared one fails at start), and
// the router's longest accepted segment follows from the longest limit, so an id that could be
// created can always be read back.
import type { RouteOptions } from 'fastify';
import { Type, type TObject, type TString } from 'typebox';

/** Characters (code points, as ajv counts them) an id may have, by path parameter name. */
const PATH_ID_LIMITS = {
  projectId: 128,
  branchName: 256,
  contributorId: 128,
  tenantId: 128,
  sessionId: 256,
  modelId: 256,
  /** A cache entry id. */
  entryId: 128,
  /** An API key id. */
  id: 128,
} as const satisfies Record<string, number>;

/**
 * The router measures a segment after percent-decoding, in UTF-16 code units: a character outside
 * the BMP (an emoji) is two, so the longest id of 256 characters is at most 512.
 */
export const MAX_PATH_SEGMENT_LENGTH = 2 * Math.max(...Object.values(PATH_ID_LIMITS));

/**
 * `.` and `..` are dot segments: every HTTP client (and the URL standard) resolves them away, even
 * percent-encoded, so an id spelled so could be created but never named in a URL again.
 */
export const NOT_A_DOT_SEGMENT = '^(?!\\.\\.?$)';

/** The schema of an id that will appear in a path: its length, and never a dot segment. */
export function pathIdSchema(maxLength: number) {
  return { type: 'string', minLength: 1, maxLength, pattern: NOT_A_DOT_SEGMENT } as const;
}

export type PathIdName = keyof typeof PATH_ID_LIMITS;

/** The params schema of a route whose path names these ids: `schema: { params: pathParams('projectId') }`. */
export function pathParams<const N extends PathIdName>(...names: N[]): TObject<{ [K in N]: TString }> {
  const properties = Object.fromEntries(names.map((name) => [name, Type.String({ minLength: 1, maxLength: PATH_ID_LIMITS[name] })]));
  return Type.Object(properties as { [K in N]: TString });
}

/**
 * An onRoute hook: adds the params schema of the ids the route's path names, unless the route
 * declares its own. Throws at registration for a parameter without a declared limit.
 */
export function addPathIdSchemas(route: RouteOptions): void {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  if (names.length === 0) return;
  const schema = (route.schema ??= {});
  if (schema.params) return;
  const properties: Record<string, unknown> = {};
  for (const name of names) {
    const limit = (PATH_ID_LIMITS as Record<string, number>)[name];
    if (limit === undefined) throw new Error(`path parameter :${name} of ${route.url} has no declared limit in src/http/path-params.ts`);
    properties[name] = { type: 'string', minLength: 1, maxLength: limit };
  }
  schema.params = { type: 'object', properties };
}
