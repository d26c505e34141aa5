// Schemas of the rate-limit routes (/api/v1/rate-limits...). A TenantTier is WorldFlow's
// `{tenantId, tier, explicit, limits: {rps, rpm, tpm, rpd, burstMultiplier}}`; Synapse's own
// per-group buckets stay in `limits` beside them (docs/worldflow-compatibility.md).
import { Type } from 'typebox';
import { rateLimitTiers } from '../../domain/ratelimit/rate-limit-policy.js';
import { pathParams } from '../path-params.js';
import { errorResponses } from './error-schemas.js';

const Rule = Type.Object({
  limit: Type.Number({ description: 'Requests per window on average; also the bucket size (the burst).' }),
  windowSecs: Type.Integer(),
});

const GroupRules = {
  proxy: Rule,
  memory_read: Rule,
  memory_write: Rule,
  token_exchange: Rule,
};

export const TierLimits = Type.Object({
  rps: Type.Number({ description: 'Proxy requests per second.' }),
  rpm: Type.Number({ description: 'Proxy requests per minute (rps × 60).' }),
  tpm: Type.Null({ description: 'Tokens per minute: Synapse does not limit tokens, so always null.' }),
  rpd: Type.Number({ description: 'Proxy requests per day (rps × 86400).' }),
  burstMultiplier: Type.Number({ description: 'Bucket size over the per-second rate: 1 (a bucket holds one second of requests).' }),
  ...GroupRules,
});

export const TenantTierView = Type.Object({
  tenantId: Type.String(),
  tier: Type.Enum([...rateLimitTiers]),
  explicit: Type.Boolean({ description: 'True when an admin assigned the tier; false for the default.' }),
  limits: TierLimits,
});

const TiersByName = Type.Record(Type.String(), Type.Object(GroupRules), { description: "Every tier's limits by group (Synapse's shape)." });

const TenantTierWithTiers = Type.Object({ ...TenantTierView.properties, tiers: TiersByName });

const AssignTierBody = Type.Object(
  { tier: Type.Enum([...rateLimitTiers]), tenantId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false },
);

const tags = ['rate-limits'];

export const listRateLimitsRoute = {
  operationId: 'listRateLimits',
  summary: "Every tenant with an assigned tier (operator admins; others see their own), and the caller's own tier",
  description:
    "`assignments` and `total` are WorldFlow's list. The caller's own tenant follows as extras (tenantId, tier, explicit, limits, tiers): what this route answered before.",
  tags,
  response: {
    200: Type.Object({ assignments: Type.Array(TenantTierView), total: Type.Integer(), ...TenantTierWithTiers.properties }),
    ...errorResponses(403),
  },
};

export const putOwnRateLimitRoute = {
  operationId: 'assignRateLimitTier',
  summary: "Assign a tier to the caller's tenant, or to the tenant named in the body",
  tags,
  body: AssignTierBody,
  response: { 200: TenantTierWithTiers, ...errorResponses(403) },
};

export const listTiersRoute = {
  operationId: 'listRateLimitTiers',
  summary: 'The tier presets and the default tier',
  tags,
  response: {
    200: Type.Object({
      tiers: Type.Array(Type.Object({ name: Type.Enum([...rateLimitTiers]), limits: TierLimits })),
      defaultTier: Type.Enum([...rateLimitTiers]),
    }),
    ...errorResponses(403),
  },
};

/** The same operations under WorldFlow's path (`/api/v1/rate-limits/{tenantId}`) and Synapse's alias (`.../tenants/{tenantId}`). */
export function tenantRateLimitRoutes(alias: boolean) {
  const suffix = alias ? 'ByAlias' : '';
  const note = alias ? ' (alias of /api/v1/rate-limits/{tenantId})' : '';
  return {
    get: {
      operationId: `getTenantRateLimit${suffix}`,
      summary: `A tenant's tier and limits${note}`,
      tags,
      params: pathParams('tenantId'),
      response: { 200: TenantTierWithTiers, ...errorResponses(403) },
    },
    put: {
      operationId: `assignTenantRateLimitTier${suffix}`,
      summary: `Assign a tier to a tenant${note}`,
      tags,
      params: pathParams('tenantId'),
      body: AssignTierBody,
      response: { 200: TenantTierWithTiers, ...errorResponses(403) },
    },
    delete: {
      operationId: `resetTenantRateLimit${suffix}`,
      summary: `Put a tenant back on the default tier${note}`,
      tags,
      params: pathParams('tenantId'),
      response: {
        200: Type.Object({ success: Type.Literal(true), message: Type.String(), ...TenantTierView.properties }),
        ...errorResponses(403),
      },
    },
  };
}
