// Dates and times that change an answer: months, weekdays, seasons, parts of the day, "today",
// "tomorrow", "next week", "last year". Years and clock times are numbers (see checkNumbers).
import { greetingLength } from '../text/canonical-words.js';
import { lookupTable } from '../text/lookup-table.js';
import { quoteList, type AnalyzedText } from './analyzed-text.js';
import type { Check } from './lexical-checks.js';

const CANONICAL = lookupTable<string>();
const define = (canonical: string, names: string): void => {
  for (const name of names.split(' ')) CANONICAL[name] = canonical;
};
define('january', 'january jan');
define('february', 'february feb');
define('april', 'april apr');
define('june', 'june jun');
define('july', 'july jul');
define('august', 'august aug');
define('september', 'september sep sept');
define('october', 'october oct');
define('november', 'november nov');
define('december', 'december dec');
for (const day of 'monday tuesday wednesday thursday friday saturday sunday'.split(' ')) define(day, `${day} ${day}s`);
define('today', 'today todays');
define('tomorrow', 'tomorrow tomorrows');
define('yesterday', 'yesterday yesterdays');
define('tonight', 'tonight');
define('morning', 'morning mornings');
define('afternoon', 'afternoon afternoons');
define('evening', 'evening evenings');
define('night', 'night nights overnight');
define('noon', 'noon midday');
define('midnight', 'midnight');
define('weekend', 'weekend weekends');
define('summer', 'summer summers');
define('winter', 'winter winters');
define('autumn', 'autumn');
define('christmas', 'christmas xmas');
define('easter', 'easter');

/** Words that are dates only when written with a capital or next to a number ("May 5", "in March 2020"). */
const AMBIGUOUS_MONTHS = lookupTable<string>({ may: 'may', march: 'march', mar: 'march' });
const RELATIVE = lookupTable<string>({ this: 'this', current: 'this', next: 'next', coming: 'next', following: 'next', upcoming: 'next', last: 'last', previous: 'last', past: 'last' });
const PERIODS = new Set(['day', 'week', 'month', 'year', 'decade', 'century', 'quarter', 'semester', 'season', 'spring', 'fall', 'weekend', 'summer', 'winter', 'autumn', 'time', 'night', 'morning']);

function datesOf(text: AnalyzedText): Set<string> {
  const dates = new Set<string>();
  const tokens = text.tokens;
  const greeting = greetingLength(text.words);
  tokens.forEach((token, index) => {
    if (token.kind !== 'word') return;
    if (index === 1 && greeting === 2) return; // "Good morning! How do I ...?"
    const canonical = CANONICAL[token.norm];
    if (canonical) dates.add(canonical);
    const month = AMBIGUOUS_MONTHS[token.norm];
    const nearNumber = tokens[index - 1]?.kind === 'number' || tokens[index + 1]?.kind === 'number';
    if (month && ((/^\p{Lu}/u.test(token.surface) && !token.sentenceStart) || nearNumber)) dates.add(month);
    const relative = RELATIVE[token.norm];
    const period = tokens[index + 1]?.norm;
    if (relative && period !== undefined && (PERIODS.has(period) || CANONICAL[period] !== undefined)) {
      dates.add(`${relative} ${CANONICAL[period] ?? period}`);
    }
  });
  return dates;
}

export const checkDates: Check = (query, candidate) => {
  const a = datesOf(query);
  const b = datesOf(candidate);
  const onlyA = [...a].filter((date) => !b.has(date));
  const onlyB = [...b].filter((date) => !a.has(date));
  if (onlyA.length > 0 || onlyB.length > 0) return `different dates or times: ${quoteList(onlyA)} vs ${quoteList(onlyB)}`;
  return undefined;
};
