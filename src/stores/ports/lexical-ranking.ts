// The lexical (BM25) ranking every MemoryStore runs for search, as named constants: part of the
// store's contract, shared with the domain's rank fusion (src/domain/memory/search/rank-fusion.ts,
// where the measurements behind them are described) so that every backend ranks alike.

/**
 * BM25 weight of a milestone's `context` (the thisContribution of the branch's previous two
 * milestones) next to 1 for its own three text columns: a milestone is also found by what led up
 * to it, but below the milestones that say it themselves.
 */
export const CONTEXT_COLUMN_WEIGHT = 0.5;
/**
 * Lexical ranking is exact when at most this many rows share a word with the query (PostgreSQL:
 * LEXICAL_RANKED_ROWS / 2, its rows cost more). Ranking is what costs (FTS5's bm25() about 1.3 us
 * a row), and on the benchmark's 100k milestones a question shares a word with a third of them.
 */
export const EXACT_LEXICAL_ROWS = 6000;
/**
 * Above EXACT_LEXICAL_ROWS, only the rows holding the query's rarest words are ranked (as many of
 * those words as fit in about this many rows; PostgreSQL half as many), still by all the words;
 * when not even the rarest word fits, SQLite takes the rows holding it in their own text (not
 * their context), PostgreSQL those holding all of the few rarest words. The vector side searches
 * everything. Measured in docs/memory-quality.md: no loss on LoCoMo when forced down to a
 * quarter of a project; the lexical top 10 on the benchmark's 100k milestones holds 93% (SQLite)
 * and 99% (PostgreSQL) of the exact top 10.
 */
export const LEXICAL_RANKED_ROWS = 2000;
/** How long a term's row count (for choosing the rarest words above) is reused, in ms. */
export const TERM_COUNT_TTL_MS = 60_000;
