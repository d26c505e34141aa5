// Whether a search query names the agent that stored a milestone ("what did jon say about the
// studio?", "what did deploy-bot change?"): the agent id's words appear in the query in order, as
// whole words. An id made only of numbers or one-letter words never counts, so "agent 1" can
// be named but "1" alone cannot.

/** Lowercased runs of letters and digits, as the lexical search splits text. */
export function searchWordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Answers "does the query name this agent id?", remembering each id's answer for one query. */
export function agentMentionTest(query: string): (agentId: string) => boolean {
  const words = searchWordsOf(query);
  const text = ` ${words.join(' ')} `;
  const known = new Map<string, boolean>();
  return (agentId) => {
    let named = known.get(agentId);
    if (named === undefined) {
      const id = searchWordsOf(agentId);
      named = id.some((word) => /\p{L}/u.test(word) && word.length > 1) && text.includes(` ${id.join(' ')} `);
      known.set(agentId, named);
    }
    return named;
  };
}
