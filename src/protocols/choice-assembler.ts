// What rebuilding any OpenAI-style stream of choice chunks shares (chat completions and legacy
// text completions): the envelope fields of the first chunks, the usage chunk, one state per
// choice index, and completeness (every choice finished). Subclasses merge a chunk's choice.

interface ChunkEnvelope {
  id: string;
  created: number;
  model: string;
  system_fingerprint?: string | null;
  usage?: unknown;
}

export abstract class ChoiceAssembler<Chunk extends ChunkEnvelope, ChunkChoice extends { index?: number }, State extends { finishReason: string | null }, Usage> {
  protected id = '';
  protected created = 0;
  protected model = '';
  protected systemFingerprint: string | null | undefined;
  protected usage: Usage | undefined;
  private readonly choices = new Map<number, State>();

  protected abstract newState(): State;
  protected abstract choicesOf(chunk: Chunk): ChunkChoice[] | undefined;
  protected abstract merge(state: State, choice: ChunkChoice): void;

  add(chunk: Chunk): void {
    this.id ||= chunk.id;
    this.created ||= chunk.created;
    this.model ||= chunk.model;
    if (chunk.system_fingerprint !== undefined) this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage as Usage;
    for (const choice of this.choicesOf(chunk) ?? []) this.merge(this.stateFor(choice.index ?? 0), choice);
  }

  /** True when at least one choice arrived and every choice has a finish reason. */
  isComplete(): boolean {
    if (this.choices.size === 0) return false;
    for (const state of this.choices.values()) if (!state.finishReason) return false;
    return true;
  }

  /** The choices in index order. */
  protected states(): Array<[index: number, state: State]> {
    return [...this.choices.entries()].sort(([a], [b]) => a - b);
  }

  /** The envelope fields of the rebuilt answer. */
  protected envelope(): { id: string; created: number; model: string; usage?: Usage; system_fingerprint?: string | null } {
    return {
      id: this.id,
      created: this.created,
      model: this.model,
      ...(this.usage ? { usage: this.usage } : {}),
      ...(this.systemFingerprint !== undefined ? { system_fingerprint: this.systemFingerprint } : {}),
    };
  }

  private stateFor(index: number): State {
    let state = this.choices.get(index);
    if (!state) {
      state = this.newState();
      this.choices.set(index, state);
    }
    return state;
  }
}
