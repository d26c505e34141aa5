// Rebuilds a full `chat.completion` from a stream of chunks, so that a streamed miss can be
// cached and later served to plain JSON requests as well.
import type { ChatChoice, ChatCompletion, ChatCompletionChunk, ToolCall, Usage } from './chat-types.js';

interface ChoiceState {
  role: string;
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCall[];
  logprobs: unknown[] | null;
  finishReason: string | null;
}

export class CompletionAssembler {
  private id = '';
  private created = 0;
  private model = '';
  private systemFingerprint: string | null | undefined;
  private usage: Usage | undefined;
  private readonly choices = new Map<number, ChoiceState>();

  add(chunk: ChatCompletionChunk): void {
    this.id ||= chunk.id;
    this.created ||= chunk.created;
    this.model ||= chunk.model;
    if (chunk.system_fingerprint !== undefined) this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      const state = this.stateFor(choice.index ?? 0);
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
  }

  /** True when at least one choice arrived and every choice has a finish reason. */
  isComplete(): boolean {
    if (this.choices.size === 0) return false;
    for (const state of this.choices.values()) if (!state.finishReason) return false;
    return true;
  }

  toCompletion(): ChatCompletion {
    const choices: ChatChoice[] = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, state]) => ({
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
    return {
      id: this.id,
      object: 'chat.completion',
      created: this.created,
      model: this.model,
      choices,
      ...(this.usage ? { usage: this.usage } : {}),
      ...(this.systemFingerprint !== undefined ? { system_fingerprint: this.systemFingerprint } : {}),
    };
  }

  private stateFor(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { role: 'assistant', content: null, refusal: null, toolCalls: [], logprobs: null, finishReason: null };
      this.choices.set(index, state);
    }
    return state;
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
