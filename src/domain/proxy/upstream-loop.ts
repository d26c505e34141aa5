// Recognises a call that this gateway sent to an upstream and that came back to it (an upstream
// base URL pointing at the gateway itself, e.g. ANTHROPIC_BASE_URL exported for Claude Code in the
// shell that started the gateway): every upstream call carries this gateway's id, and a request
// that arrives carrying it is refused at once instead of going round forever.
import { randomBytes } from 'node:crypto';

export const GATEWAY_HOP_HEADER = 'x-synapse-gateway-id';

export function newGatewayId(): string {
  return randomBytes(9).toString('base64url');
}

/** True when the request was sent by the gateway with this id. */
export function cameFromGateway(hopHeader: string | string[] | undefined, gatewayId: string): boolean {
  if (hopHeader === undefined) return false;
  const values = Array.isArray(hopHeader) ? hopHeader : hopHeader.split(',');
  return values.some((value) => value.trim() === gatewayId);
}
