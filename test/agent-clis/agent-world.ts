// The servers an agent e2e scenario runs against: a real Synapse gateway on the fake upstream (with
// or without an Anthropic upstream), or, to check the harness itself, the stand-in on the capture server.
import { startFakeUpstream, type FakeUpstreamOptions } from '../fake-upstream/fake-upstream.js';
import { startTestGateway } from '../helpers/test-gateway.js';
import { echoLastUserText, startCaptureServer } from './capture-server.js';
import { startStandInGateway } from './stand-in-gateway.js';
import type { UpstreamView } from './upstream-view.js';

export const UPSTREAM_ANTHROPIC_KEY = 'sk-ant-upstream-e2e-0000000000000000';
export const UPSTREAM_OPENAI_KEY = 'sk-openai-upstream-e2e-000000000000';
/** Claude models answered by the OpenAI-compatible upstream when there is no Anthropic one. */
export const MODEL_MAP = 'claude-*=gpt-4o-mini';

export interface AgentWorld {
  /** The gateway's root URL (no /v1): what ANTHROPIC_BASE_URL points at. */
  gatewayUrl: string;
  /** A Synapse user key made through the admin API. */
  userKey: string;
  upstream: UpstreamView;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** true: ANTHROPIC_BASE_URL/ANTHROPIC_API_KEY name the fake; false: only the OpenAI-compatible fake and SYNAPSE_MODEL_MAP. */
  anthropicUpstream: boolean;
}

export async function startGatewayWorld(options: WorldOptions): Promise<AgentWorld> {
  // Typed wider than today's options so this compiles before and after the fake learns anthropicApiKey.
  const upstreamOptions: FakeUpstreamOptions & { anthropicApiKey?: string } = { apiKey: UPSTREAM_OPENAI_KEY };
  if (options.anthropicUpstream) upstreamOptions.anthropicApiKey = UPSTREAM_ANTHROPIC_KEY;
  const upstream = await startFakeUpstream(upstreamOptions);
  const origin = upstream.url.replace(/\/v1$/, '');
  const env: Record<string, string> = options.anthropicUpstream
    ? { OPENAI_API_KEY: UPSTREAM_OPENAI_KEY, ANTHROPIC_BASE_URL: origin, ANTHROPIC_API_KEY: UPSTREAM_ANTHROPIC_KEY }
    : { OPENAI_API_KEY: UPSTREAM_OPENAI_KEY, SYNAPSE_MODEL_MAP: MODEL_MAP };
  const gw = await startTestGateway({ upstream, env }).catch(async (err: unknown) => {
    await upstream.close();
    throw err;
  });
  const { key } = await gw.createKey({ role: 'user', name: 'agent-clis-e2e', tenant_id: 'agent-clis' });
  return {
    gatewayUrl: gw.url,
    userKey: key,
    upstream,
    async close() {
      await gw.close();
      await upstream.close();
    },
  };
}

/** The capture server as the upstream behind the stand-in gateway: proves the harness, not Synapse. */
export async function startStandInWorld(): Promise<AgentWorld> {
  const capture = await startCaptureServer({ answerFor: echoLastUserText });
  const userKey = 'sk-syn-stand-in-user-key-000000000000';
  const gateway = await startStandInGateway({ userKey, upstreamOrigin: capture.url, anthropicKey: UPSTREAM_ANTHROPIC_KEY, openaiKey: UPSTREAM_OPENAI_KEY });
  return {
    gatewayUrl: gateway.url,
    userKey,
    upstream: { calls: capture.requests },
    async close() {
      await gateway.close();
      await capture.close();
    },
  };
}
