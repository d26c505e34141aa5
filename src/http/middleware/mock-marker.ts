// Marks every response of a gateway in mock mode with `x-synapse-mock: true`, cache hits and
// errors included, so that a mock answer is never taken for a model's.
import type { FastifyInstance } from 'fastify';
import { MOCK_HEADER } from '../../providers/mock/mock-provider.js';

export function registerMockMarker(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header(MOCK_HEADER, 'true');
    done(null, payload);
  });
}
