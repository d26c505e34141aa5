// Server-sent-events streaming of chat completions for the fake upstream, chunked the way OpenAI
// does it (role chunk, content or tool-call deltas, finish chunk, optional usage chunk, [DONE]).
import type { ServerResponse } from 'node:http';
import { choiceCount, type Answer, type ChatRequest, type Usage } from './chat-completions.js';
import { SYSTEM_FINGERPRINT, destroyDeliberately, newId } from './http-helpers.js';
import { SseWriter, splitInto, splitWords } from './sse-writer.js';

interface StreamStep {
  delta: Record<string, unknown>;
  finish_reason: string | null;
}

/** The deltas of one choice, in order; tool-call ids differ per choice as in the real API. */
function choiceSteps(answer: Answer): StreamStep[] {
  if (answer.kind === 'empty') return [];
  if (answer.kind === 'refusal') {
    return [
      { delta: { role: 'assistant', content: null, refusal: '' }, finish_reason: null },
      ...splitWords(answer.refusal).map((word) => ({ delta: { refusal: word }, finish_reason: null })),
      { delta: {}, finish_reason: 'stop' },
    ];
  }
  if (answer.kind === 'text') {
    return [
      { delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null },
      ...splitWords(answer.content).map((word) => ({ delta: { content: word }, finish_reason: null })),
      { delta: {}, finish_reason: 'stop' },
    ];
  }
  const header = { index: 0, id: newId('call_'), type: 'function', function: { name: answer.name, arguments: '' } };
  return [
    { delta: { role: 'assistant', content: null, tool_calls: [header], refusal: null }, finish_reason: null },
    ...splitInto(answer.arguments, 3).map((piece) => ({
      delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] },
      finish_reason: null,
    })),
    { delta: {}, finish_reason: 'tool_calls' },
  ];
}

export interface StreamOptions {
  /** Sent as a final `choices: []` chunk when the client asked for stream_options.include_usage. */
  usage: Usage | undefined;
  /** Send the role chunk and two content chunks, then kill the socket without [DONE]. */
  breakMidstream: boolean;
}

/** Streams the answer for every choice, step by step (choices interleaved like OpenAI's). */
export async function streamCompletion(
  res: ServerResponse,
  request: ChatRequest,
  answer: Answer,
  { usage, breakMidstream }: StreamOptions,
): Promise<void> {
  const base = { id: newId('chatcmpl-'), object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000) };
  const envelope = { ...base, model: request.model, system_fingerprint: SYSTEM_FINGERPRINT };
  // With include_usage OpenAI sends `usage: null` on every chunk but the last.
  const usageField = usage !== undefined ? { usage: null } : {};
  const perChoice = Array.from({ length: choiceCount(request, answer) }, () => choiceSteps(answer));
  const stepCount = breakMidstream ? 3 : perChoice[0]?.length ?? 0;
  const writer = new SseWriter(res);
  writer.start();
  for (let step = 0; step < stepCount; step++) {
    for (let index = 0; index < perChoice.length; index++) {
      const current = perChoice[index]?.[step];
      if (current === undefined) continue;
      const choice = { index, delta: current.delta, logprobs: null, finish_reason: current.finish_reason };
      if (!(await writer.send({ ...envelope, choices: [choice], ...usageField }))) return;
    }
  }
  if (breakMidstream) {
    destroyDeliberately(res);
    return;
  }
  if (usage !== undefined && !(await writer.send({ ...envelope, choices: [], usage }))) return;
  writer.finish();
}
