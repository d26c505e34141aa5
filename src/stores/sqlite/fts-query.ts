// Turns free user text into a safe FTS5 MATCH expression: every word is quoted (so no FTS5
// operator or punctuation can change the query) and the words are ORed, never ANDed, so BM25
// ranks by overlap and a question still finds a milestone that shares only some of its words.
// The words are ANDed with scope tokens (tenant, project) so FTS5 ranks only the rows searched.

const MAX_TERMS = 64;

/**
 * Words too common to rank anything; dropped unless the query has nothing else. Text is split on
 * anything but letters and digits, so contractions leave fragments ("don't" -> "don", "t") that
 * are listed too. On the LoCoMo dev set (npm run eval:memory) dropping them lifts BM25 recall.
 */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each else ever few for from further had has have having he ' +
    'her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not ' +
    'now of off on once only or other our ours ourselves out over own same she should so some such than that the ' +
    'their theirs them themselves then there these they this those through to too under until up us very was we ' +
    'were what when where which while who whom whose why will with would you your yours yourself yourselves ' +
    'don didn doesn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn mustn needn ain cannot ' +
    's t d ll m re ve'
  ).split(' '),
);

/** The FTS columns the words are looked for in; `search_scope` only narrows. */
const TEXT_COLUMNS = '{branch_purpose cumulative_progress this_contribution search_context}';
/** A milestone's own text, without the branch context. */
const OWN_COLUMNS = '{branch_purpose cumulative_progress this_contribution}';

/**
 * The `search_scope` column of a milestone: a tenant token and a tenant+project token (hex, so
 * any id is one plain token; migration 4 computes the same with SQLite's hex()).
 */
export function searchScopeOf(tenantId: string, projectId: string): string {
  return `${tenantScopeToken(tenantId)} ${projectScopeToken(tenantId, projectId)}`;
}

function tenantScopeToken(tenantId: string): string {
  return `t${Buffer.from(tenantId, 'utf8').toString('hex')}`;
}

function projectScopeToken(tenantId: string, projectId: string): string {
  return `p${Buffer.from(`${tenantId}\u0000${projectId}`, 'utf8').toString('hex')}`;
}

/** The scope part of a MATCH: the tenant's token, or its tokens of these projects. */
export function scopeOf(tenantId: string, projectIds?: string[]): string {
  const tokens = projectIds
    ? projectIds.map((id) => `"${projectScopeToken(tenantId, id)}"`).join(' OR ')
    : `"${tenantScopeToken(tenantId)}"`;
  return `search_scope : (${tokens})`;
}

/** Any of the terms (from toFtsTerms) in the scope. */
export function scopedMatch(scope: string, terms: string[]): string {
  return `${scope} AND ${TEXT_COLUMNS} : (${terms.join(' OR ')})`;
}

/** Where a term is looked for when choosing the rows to rank: anywhere, or in a milestone's own text only (not its context). */
export type TermColumns = 'all' | 'own';

/** One term in the scope: for counting the term's rows. */
export function termMatch(scope: string, term: string, columns: TermColumns): string {
  return `${scope} AND ${columnsOf(columns)} : ${term}`;
}

/**
 * Rows holding one of the `selective` terms (in these columns), ranked by all the terms: bm25()
 * scores these rows as the full query would, except that a selective term's hits count twice
 * (the term is in both halves). Without a scope, the caller filters the rows.
 */
export function scopedPrunedMatch(scope: string | undefined, selective: string[], columns: TermColumns, terms: string[]): string {
  const words = `${columnsOf(columns)} : (${selective.join(' OR ')}) AND ${TEXT_COLUMNS} : (${terms.join(' OR ')})`;
  return scope === undefined ? words : `${scope} AND ${words}`;
}

function columnsOf(columns: TermColumns): string {
  return columns === 'all' ? TEXT_COLUMNS : OWN_COLUMNS;
}

/** The query's terms, each quoted for FTS5, or undefined when the text has no word at all. */
export function toFtsTerms(text: string): string[] | undefined {
  const words = [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length <= 64))];
  if (words.length === 0) return undefined;
  const meaningful = words.filter((word) => !STOPWORDS.has(word));
  const terms = (meaningful.length > 0 ? meaningful : words).slice(0, MAX_TERMS);
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`);
}
