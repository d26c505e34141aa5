// Two gateways in one test process sharing one Redis (under a key prefix of this run's own, deleted
// when the test file ends, by test-services.ts) and one fake upstream, each on its own SQLite data directory: the smallest cluster.
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { TEST_REDIS_URL } from './redis-test-connection.js';
import { testKeyPrefix } from './test-services.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface ClusterPair {
  a: TestGateway;
  b: TestGateway;
  upstream: FakeUpstream;
  keyPrefix: string;
  close(): Promise<void>;
}

export async function startClusterPair(options: { redisUrl?: string; env?: Record<string, string>; label?: string } = {}): Promise<ClusterPair> {
  const upstream = await startFakeUpstream();
  const keyPrefix = testKeyPrefix(options.label ?? 'cluster');
  const env = { SYNAPSE_REDIS_URL: options.redisUrl ?? TEST_REDIS_URL, SYNAPSE_REDIS_PREFIX: keyPrefix, ...options.env };
  const a = await startTestGateway({ upstream, env });
  const b = await startTestGateway({ upstream, env }).catch(async (error: unknown) => {
    await a.close();
    throw error;
  });
  return {
    a,
    b,
    upstream,
    keyPrefix,
    async close() {
      await a.close();
      await b.close();
      await upstream.close();
    },
  };
}

export { eventually } from './eventually.js';
