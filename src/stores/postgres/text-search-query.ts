// Turns free user text into a PostgreSQL OR query without ever handing the text to to_tsquery: the
// words are extracted here and each is normalized on its own by plainto_tsquery (which stems it and
// drops English stopwords); the search ORs the resulting terms, so it ranks by overlap.

const MAX_TERMS = 64;
const MAX_WORD_LENGTH = 64;

/**
 * The words of the SQLite search's stopword list (stores/sqlite/fts-query.ts) that PostgreSQL's
 * `english` dictionary keeps, so both backends leave the same words out of a query.
 */
const EXTRA_STOPWORDS = new Set(
  ('also could else ever us whose would cannot didn doesn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn ' +
    'mustn needn ain d ll m re ve').split(' '),
);

/** The distinct words of the text (runs of letters and digits, as on SQLite), at most MAX_TERMS. */
export function searchWords(text: string): string[] {
  const words = [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length <= MAX_WORD_LENGTH))];
  const meaningful = words.filter((word) => !EXTRA_STOPWORDS.has(word));
  return (meaningful.length > 0 ? meaningful : words).slice(0, MAX_TERMS);
}

/**
 * SQL for the query's terms (one tsquery per word of the text[] parameter `$n`, deduplicated; none
 * for stopwords). plainto_tsquery's output is quoted lexemes, so its text form re-parses safely.
 */
export function queryTermsSql(wordsParam: number): string {
  return `SELECT DISTINCT q AS term FROM unnest($${wordsParam}::text[]) AS w(word), plainto_tsquery('english', w.word) AS q
    WHERE numnode(q) > 0`;
}
