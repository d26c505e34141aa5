// Schemas of the auth routes: the token exchange (POST /api/v1/auth/token) and API key management
// (POST/GET /api/v1/keys, DELETE /api/v1/keys/{id}).
import { Type, type Static } from 'typebox';
import { roleNames, roles } from '../../domain/auth/roles.js';
import { pathParams } from '../path-params.js';
import { errorResponses } from './error-schemas.js';

/** A tenant id as a request names it. */
export const TenantIdField = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' });

const RoleName = Type.Enum(
  [...roleNames],
  { description: 'admin, user or readonly; WorldFlow\'s `operator` (= user) and `viewer` (= readonly) are accepted too.' },
);
const Role = Type.Enum([...roles]);

export const tokenRoute = {
  operationId: 'createToken',
  summary: 'Exchange an API key for a 24-hour JWT, optionally with a narrower role',
  tags: ['auth'],
  security: [],
  body: Type.Object({
    api_key: Type.String({ minLength: 1, maxLength: 512 }),
    role: Type.Optional(RoleName),
  }),
  response: {
    200: Type.Object({
      access_token: Type.String(),
      token_type: Type.Literal('Bearer'),
      expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
      role: Role,
    }),
    ...errorResponses(403),
  },
};

export const PublicKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  tenant_id: Type.String(),
  key_prefix: Type.String(),
  created_at: Type.String(),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
});
export type PublicKey = Static<typeof PublicKey>;

export const createKeyRoute = {
  operationId: 'createApiKey',
  summary: 'Create an API key; the key itself is in this response only',
  tags: ['auth'],
  body: Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      role: Type.Optional(RoleName),
      tenant_id: Type.Optional(TenantIdField),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({ ...PublicKey.properties, key: Type.String({ description: 'The plain key, shown this once.' }) }),
    ...errorResponses(403),
  },
};

export const listKeysRoute = {
  operationId: 'listApiKeys',
  summary: "List the tenant's API keys (every tenant's for operator admins naming none)",
  tags: ['auth'],
  querystring: Type.Object({ tenant_id: Type.Optional(TenantIdField) }),
  response: { 200: Type.Object({ keys: Type.Array(PublicKey) }), ...errorResponses(403) },
};

export const revokeKeyRoute = {
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key',
  tags: ['auth'],
  params: pathParams('id'),
  response: { 200: Type.Object({ ...PublicKey.properties, revoked: Type.Literal(true) }), ...errorResponses(403, 404) },
};
