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

/** The words of `text` within the tenant, or within these of its projects; undefined when there are no words. */
export function toScopedFtsQuery(text: string, tenantId: string, projectIds?: string[]): string | undefined {
  const words = toFtsQuery(text);
  if (words === undefined) return undefined;
  const scope = projectIds
    ? projectIds.map((id) => `"${projectScopeToken(tenantId, id)}"`).join(' OR ')
    : `"${tenantScopeToken(tenantId)}"`;
  return `search_scope : (${scope}) AND ${TEXT_COLUMNS} : (${words})`;
}

/** The MATCH expression, or undefined when the text has no word at all (only punctuation). */
export function toFtsQuery(text: string): string | undefined {
  const words = [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length <= 64))];
  if (words.length === 0) return undefined;
  const meaningful = words.filter((word) => !STOPWORDS.has(word));
  const terms = (meaningful.length > 0 ? meaningful : words).slice(0, MAX_TERMS);
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}
