// The LLM-written answer: the question and the numbered sources that answer it (the matching
// milestones, best first, or the digest) go through the gateway's own chat path (cached and rate
// limited like any proxied call). The reply keeps only its sentences that cite a source; it is
// refused when a citation names no source or no sentence cites one, and the caller falls back.
import { chatProtocol } from '../../../protocols/chat/chat-protocol.js';
import type { ChatCompletion } from '../../../protocols/chat/chat-types.js';
import type { UpstreamRouter } from '../../../providers/upstream-router.js';
import type { CompletionPipeline } from '../../proxy/completion-pipeline.js';
import type { AnswerKind, IntelligenceSource } from './intelligence-types.js';

/** Sends one chat request for a tenant and resolves to the answer text. */
export type ChatAnswerer = (tenantId: string, messages: Array<{ role: string; content: string }>) => Promise<string>;

const SYSTEM_PROMPT =
  'You answer questions about what a team of agents recorded in their project memory. ' +
  'Use only the numbered sources. End every sentence with the number of the source that supports it in square brackets, like [1]; ' +
  'a sentence without a citation is removed. Never add facts that are not in the sources.';

const SOURCES_NOTE: Record<Exclude<AnswerKind, 'no_match'>, string> = {
  specific: 'the milestones that match the question, the best match first',
  digest: 'the activity recorded',
};

export function buildAnswerMessages(
  question: string,
  sources: IntelligenceSource[],
  windowLabel: string,
  kind: Exclude<AnswerKind, 'no_match'>,
): Array<{ role: string; content: string }> {
  const numbered = sources
    .map((s, i) => `[${i + 1}] ${s.projectId}/${s.branchName}, ${s.createdAt}: ${s.excerpt}`)
    .join('\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Question: ${question}\n\nSources (${SOURCES_NOTE[kind]}, recorded ${windowLabel}):\n${numbered}` },
  ];
}

/**
 * The answer's sentences that cite a source, when every citation names one of the `sourceCount`
 * sources and at least one sentence cites; undefined otherwise.
 */
export function acceptCitedAnswer(answer: string, sourceCount: number): string | undefined {
  const cited = [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (cited.length === 0 || cited.some((n) => n < 1 || n > sourceCount)) return undefined;
  const lines = answer
    .split('\n')
    .map((line) => sentencesOf(line).filter((s) => /\[\d+\]/.test(s)).join(' '))
    .filter((line) => line.length > 0);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** A line's sentences; a citation written after the full stop ("Done. [2]") stays with its sentence. */
function sentencesOf(line: string): string[] {
  const sentences: string[] = [];
  for (const piece of line.trim().split(/(?<=[.!?])\s+/)) {
    const leading = /^((?:\[\d+\][\s,;]*)+)(.*)$/.exec(piece);
    if (leading && sentences.length > 0) {
      sentences[sentences.length - 1] += ` ${leading[1]!.trim()}`;
      if (leading[2]!.trim()) sentences.push(leading[2]!.trim());
    } else if (piece) {
      sentences.push(piece);
    }
  }
  return sentences;
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
