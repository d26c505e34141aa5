// Where the semantic matcher finds the texts of a candidate entry for verification: its last user
// message and earlier turns. Held in memory for small, standalone matchers (evals, tests); read
// from the store on demand by the cache (stored-entry-texts.ts), so memory holds only the index.

export interface EntryTexts {
  text: string;
  context: string[];
  /** The earlier turns' vectors, once computed (cached with the texts). */
  contextVectors?: unknown[];
}

export interface EntryTextReader {
  /** The texts of an indexed entry; undefined when they can no longer be found. */
  read(id: string): EntryTexts | undefined | Promise<EntryTexts | undefined>;
  /** An entry was indexed with these texts. */
  added(id: string, texts: EntryTexts): void;
  /** An entry left the index. */
  removed(id: string): void;
}

/** Every entry's texts in a map: for matchers that have no store behind them. */
export class HeldEntryTexts implements EntryTextReader {
  private readonly texts = new Map<string, EntryTexts>();

  read(id: string): EntryTexts | undefined {
    return this.texts.get(id);
  }

  added(id: string, texts: EntryTexts): void {
    this.texts.set(id, texts);
  }

  removed(id: string): void {
    this.texts.delete(id);
  }
}
