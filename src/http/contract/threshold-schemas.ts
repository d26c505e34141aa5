// Schemas of the cache threshold routes (/api/v1/thresholds...). The wire names are WorldFlow's:
// l1TtlSecs is our entry TTL (ttlSecs, kept as an alias), l2TtlSecs how long an entry may be served
// by meaning (docs/worldflow-compatibility.md).
import { Type, type Static } from 'typebox';
import { pathParams } from '../path-params.js';
import { TenantIdField } from './auth-schemas.js';
import { errorResponses } from './error-schemas.js';

const MAX_TTL_SECS = 31_536_000;
const hitThreshold = { exclusiveMinimum: 0, maximum: 1, description: 'The least similarity at which a paraphrase is served from the cache, in (0, 1].' };
const partialThreshold = {
  minimum: 0,
  maximum: 1,
  description: 'Below cacheHitThreshold, the least similarity a preview reports as a near miss (`partial`); changes no proxy answer.',
};
const l1Ttl = { minimum: 1, maximum: MAX_TTL_SECS, description: 'Seconds an entry lives and is served exactly (the entry TTL).' };
const l2Ttl = {
  minimum: 1,
  maximum: MAX_TTL_SECS,
  description: 'Seconds after it was stored an entry may still be served by meaning; at most l1TtlSecs has an effect.',
};

export const ThresholdValues = Type.Object({
  cacheHitThreshold: Type.Number(hitThreshold),
  partialHitThreshold: Type.Number(partialThreshold),
  l1TtlSecs: Type.Integer(l1Ttl),
  l2TtlSecs: Type.Integer(l2Ttl),
  ttlSecs: Type.Integer({ ...l1Ttl, description: 'The same as l1TtlSecs (Synapse’s earlier name).' }),
});
export type ThresholdValues = Static<typeof ThresholdValues>;

export const ThresholdOverridesView = Type.Partial(ThresholdValues, { description: "The tenant's own overrides only." });

export const TenantThresholds = Type.Object({ tenantId: Type.String(), ...ThresholdValues.properties, overrides: ThresholdOverridesView });

const nullableNumber = (options: typeof hitThreshold | typeof partialThreshold) => Type.Optional(Type.Union([Type.Number(options), Type.Null()]));
const nullableInteger = (options: typeof l1Ttl) => Type.Optional(Type.Union([Type.Integer(options), Type.Null()]));

export const ThresholdPatchBody = Type.Object(
  {
    cacheHitThreshold: nullableNumber(hitThreshold),
    partialHitThreshold: nullableNumber(partialThreshold),
    l1TtlSecs: nullableInteger(l1Ttl),
    l2TtlSecs: nullableInteger(l2Ttl),
    ttlSecs: nullableInteger({ ...l1Ttl, description: 'An alias of l1TtlSecs.' }),
  },
  { additionalProperties: false, minProperties: 1, description: 'Any subset; null removes an override.' },
);
export type ThresholdPatchBody = Static<typeof ThresholdPatchBody>;

const tags = ['cache'];

export const getThresholdsRoute = {
  operationId: 'getThresholds',
  summary: "The gateway-wide thresholds, and those in force for the caller's tenant",
  tags,
  response: { 200: Type.Object({ ...ThresholdValues.properties, tenant: TenantThresholds }), ...errorResponses(403) },
};

export const putThresholdsRoute = {
  operationId: 'updateThresholds',
  summary: 'Change the gateway-wide thresholds (operator admins)',
  tags,
  body: ThresholdPatchBody,
  response: { 200: ThresholdValues, ...errorResponses(403) },
};

export const listTenantThresholdsRoute = {
  operationId: 'listTenantThresholds',
  summary: 'The tenants with threshold overrides, paged (the own tenant only, unless an operator admin)',
  tags,
  querystring: Type.Object({
    tenantId: Type.Optional(TenantIdField),
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  }),
  response: {
    200: Type.Object({ tenants: Type.Array(TenantThresholds), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
    ...errorResponses(403),
  },
};

export const getTenantThresholdsRoute = {
  operationId: 'getTenantThresholds',
  summary: "A tenant's thresholds in force and its own overrides",
  tags,
  params: pathParams('tenantId'),
  response: { 200: TenantThresholds, ...errorResponses(403) },
};

export const putTenantThresholdsRoute = {
  operationId: 'updateTenantThresholds',
  summary: "Change a tenant's threshold overrides",
  tags,
  params: pathParams('tenantId'),
  body: ThresholdPatchBody,
  response: { 200: TenantThresholds, ...errorResponses(403) },
};

export const deleteTenantThresholdsRoute = {
  operationId: 'deleteTenantThresholds',
  summary: "Remove a tenant's overrides (it falls back to the gateway-wide values)",
  tags,
  params: pathParams('tenantId'),
  response: {
    200: Type.Object({ message: Type.String(), tenantId: Type.String(), deleted: Type.Boolean({ description: 'False when the tenant had no override.' }) }),
    ...errorResponses(403),
  },
};
