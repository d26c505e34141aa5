// Rebuilds a full `chat.completion` from a stream of chunks, so that a streamed miss can be
// cached and later served to plain JSON requests as well.
import { ChoiceAssembler } from '../choice-assembler.js';
import type { ChatChoice, ChatCompletion, ChatCompletionChunk, ChunkChoice, ToolCall, Usage } from './chat-types.js';

interface ChoiceState {
  role: string;
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCall[];
  logprobs: unknown[] | null;
  finishReason: string | null;
}

export class CompletionAssembler extends ChoiceAssembler<ChatCompletionChunk, ChunkChoice, ChoiceState, Usage> {
  protected newState(): ChoiceState {
    return { role: 'assistant', content: null, refusal: null, toolCalls: [], logprobs: null, finishReason: null };
  }

  protected choicesOf(chunk: ChatCompletionChunk): ChunkChoice[] | undefined {
    return chunk.choices;
  }

  protected merge(state: ChoiceState, choice: ChunkChoice): void {
    const delta = choice.delta ?? {};
    if (typeof delta.role === 'string') state.role = delta.role;
    if (typeof delta.content === 'string') state.content = (state.content ?? '') + delta.content;
    if (typeof delta.refusal === 'string') state.refusal = (state.refusal ?? '') + delta.refusal;
    for (const call of delta.tool_calls ?? []) mergeToolCall(state.toolCalls, call);
    if (Array.isArray(choice.logprobs?.content)) {
      state.logprobs = [...(state.logprobs ?? []), ...choice.logprobs.content];
    }
    if (choice.finish_reason) state.finishReason = choice.finish_reason;
  }

  toCompletion(): ChatCompletion {
    const { id, created, model, ...rest } = this.envelope();
    const choices: ChatChoice[] = this.states().map(([index, state]) => ({
      index,
      message: {
        role: state.role,
        content: state.content,
        refusal: state.refusal,
        ...(state.toolCalls.length > 0 ? { tool_calls: state.toolCalls.map(withoutIndex) } : {}),
      },
      logprobs: state.logprobs === null ? null : { content: state.logprobs },
      finish_reason: state.finishReason,
    }));
    return { id, object: 'chat.completion', created, model, choices, ...rest };
  }
}

function mergeToolCall(calls: ToolCall[], delta: ToolCall): void {
  const index = delta.index ?? calls.length;
  let call = calls.find((c) => c.index === index);
  if (!call) {
    call = { index, id: '', type: 'function', function: { name: '', arguments: '' } };
    calls.push(call);
  }
  if (delta.id) call.id = delta.id;
  if (delta.type) call.type = delta.type;
  if (delta.function?.name) call.function!.name += delta.function.name;
  if (delta.function?.arguments) call.function!.arguments += delta.function.arguments;
}

function withoutIndex(call: ToolCall): ToolCall {
  const { index: _index, ...rest } = call;
  return rest;
}
