// The LLM-written answer: the question and numbered sources go through the gateway's own chat
// path (cached and rate limited like any proxied call); the reply is accepted only when it cites
// at least one source and every citation names a real one. Otherwise the caller falls back.
import { chatProtocol } from '../../../protocols/chat/chat-protocol.js';
import type { ChatCompletion } from '../../../protocols/chat/chat-types.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import type { CompletionPipeline } from '../../proxy/completion-pipeline.js';
import type { IntelligenceSource } from './intelligence-types.js';

/** Sends one chat request for a tenant and resolves to the answer text. */
export type ChatAnswerer = (tenantId: string, messages: Array<{ role: string; content: string }>) => Promise<string>;

const SYSTEM_PROMPT =
  'You answer questions about what a team of agents recorded in their project memory. ' +
  'Use only the numbered sources. Cite each statement with the number of its source in square brackets, like [1]. ' +
  'If the sources do not answer the question, say so plainly. Never add facts that are not in the sources.';

export function buildAnswerMessages(question: string, sources: IntelligenceSource[], windowLabel: string): Array<{ role: string; content: string }> {
  const numbered = sources
    .map((s, i) => `[${i + 1}] ${s.projectId}/${s.branchName}, ${s.createdAt}: ${s.excerpt}`)
    .join('\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Question: ${question}\n\nSources (recorded ${windowLabel}):\n${numbered}` },
  ];
}

/** The answer when its citations are all valid and there is at least one; undefined otherwise. */
export function acceptCitedAnswer(answer: string, sourceCount: number): string | undefined {
  const cited = [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (cited.length === 0 || cited.some((n) => n < 1 || n > sourceCount)) return undefined;
  const trimmed = answer.trim();
  return trimmed || undefined;
}

/** A ChatAnswerer over the completion pipeline; `admit` takes a proxy rate-limit token first. */
export function chatServiceAnswerer(
  pipeline: CompletionPipeline,
  router: UpstreamRouter,
  model: string,
  admit: (tenantId: string) => Promise<boolean>,
): ChatAnswerer {
  return async (tenantId, messages) => {
    if (!(await admit(tenantId))) throw new Error('proxy rate limit reached');
    const outcome = await pipeline.complete({
      tenantId,
      protocol: chatProtocol,
      body: { model, messages, temperature: 0 },
      target: { provider: router.providerFor(model) },
      cache: { lookup: true, store: true },
      clientSignal: () => new AbortController().signal,
    });
    let completion: ChatCompletion;
    if (outcome.kind === 'cached') completion = JSON.parse(outcome.hit.cached.bodyText) as ChatCompletion;
    else if (outcome.kind === 'answer') completion = outcome.answer;
    else {
      outcome.events.destroy();
      throw new Error('unexpected stream from the chat service');
    }
    const content = completion.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('the model returned no text');
    return content;
  };
}
