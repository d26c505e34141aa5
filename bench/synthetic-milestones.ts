// Synthetic but varied milestone texts and search queries for the memory benchmark: work items
// built from seeded random picks of verbs, components (area x thing), details, file names and
// made-up identifiers, so the lexical and vector indexes see both common and rare words.

const VERBS = ['Implemented', 'Fixed', 'Refactored', 'Documented', 'Tested', 'Optimized', 'Reviewed', 'Migrated', 'Removed',
  'Added', 'Investigated', 'Deployed', 'Profiled', 'Simplified', 'Rewrote', 'Benchmarked', 'Hardened', 'Configured'];
const AREAS = ['billing', 'auth', 'search', 'upload', 'notification', 'export', 'import', 'admin', 'reporting', 'onboarding',
  'checkout', 'inventory', 'scheduler', 'audit', 'analytics', 'gateway', 'webhook', 'email', 'session', 'cache', 'profile',
  'permissions', 'pricing', 'shipping', 'invoice', 'chat', 'feed', 'comments', 'media', 'geocoding'];
const THINGS = ['service', 'module', 'worker', 'queue', 'API', 'endpoint', 'schema', 'migration', 'dashboard', 'client', 'parser',
  'validator', 'middleware', 'job', 'index', 'store', 'controller', 'page', 'config', 'tests'];
const DETAILS = ['so that retries back off with jitter', 'after the timeout regression in staging', 'to cut p99 latency by half',
  'because the old code leaked file handles', 'with tests for every error path', 'behind a feature flag for beta users',
  'following the security review', 'to support multiple tenants', 'using a streaming parser', 'to remove a race on startup',
  'and updated the runbook', 'for the PostgreSQL backend', 'with metrics exported to Prometheus', 'to fix flaky CI runs',
  'so large exports no longer time out', 'after customers reported duplicate emails'];
/** The words of the details that say something (no stopwords), for queries. */
const DETAIL_WORDS = [...new Set(DETAILS.flatMap((d) => d.split(' ')).filter((w) => w.length > 3 && !['that', 'with', 'after', 'because', 'every', 'following', 'using', 'remove', 'longer', 'half'].includes(w)))];
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'von', 'sul', 'dra', 'pex', 'qui', 'bor', 'zen', 'tal', 'rim', 'fos', 'gua', 'nel'];

/** A small seeded PRNG (mulberry32), so every run stores the same texts. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A made-up identifier (a ticket or module name) that few milestones share. */
function identifier(random: () => number): string {
  let word = '';
  for (let i = 0; i < 3; i++) word += pick(random, SYLLABLES);
  return word;
}

export function milestoneText(random: () => number, i: number): string {
  const area = pick(random, AREAS);
  const thing = pick(random, THINGS);
  const file = `src/${area}/${thing.toLowerCase()}-${identifier(random)}.ts`;
  return `${pick(random, VERBS)} the ${area} ${thing} ${pick(random, DETAILS)} (${file}, step ${i}).`;
}

/**
 * A search as people type it: one to three words (a component, a thing, a word of a detail or a
 * verb, sometimes one of the made-up identifiers), so it ranges from a rare word to a common one.
 */
export function searchQuery(random: () => number): string {
  const pools = [AREAS, THINGS, DETAIL_WORDS, VERBS.map((v) => v.toLowerCase())];
  const count = 1 + Math.floor(random() * 3);
  const words = Array.from({ length: count }, () => (random() < 0.1 ? identifier(random) : pick(random, pick(random, pools))));
  return words.join(' ');
}

