// Request step (before authentication): refuses at once a request that this gateway sent to an
// upstream and that came back to it, so a misconfigured base URL fails clearly instead of looping.
// The refusal carries the gateway's id, by which the calling side recognises it (upstream-caller).
import { GATEWAY_HOP_HEADER, cameFromGateway } from '../../domain/proxy/upstream-loop.js';
import { SynapseError } from '../../errors.js';
import type { RequestStep } from './request-steps.js';

export function loopGuardStep(gatewayId: string): RequestStep {
  return (request, reply) => {
    if (!cameFromGateway(request.headers[GATEWAY_HOP_HEADER], gatewayId)) return;
    reply.header(GATEWAY_HOP_HEADER, gatewayId);
    throw new SynapseError('upstream_loop');
  };
}
