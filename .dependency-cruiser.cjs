// Import rules for src/, checked by test/import-rules.test.ts (so by `npm test` and CI).
// The layers: http/ is transport, domain/ the rules, stores/ the drivers behind
// the interfaces in stores/ports/, protocols/ the wire formats, providers/ the upstreams. Each rule
// says why; a rule the code needs to break is a design change, not a config change.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle (type-only ones included) means two modules are one concept split wrongly; it also makes load order matter.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'stores-no-domain',
      comment:
        'Stores are drivers: they implement the ports in stores/ports and return rows. Logic both sides need (ranking knobs, the token bucket decision) lives in a port module, not in a domain service. Only the Role value type (domain/auth/roles.ts, no imports of its own) is allowed, as an API key record carries one.',
      severity: 'error',
      from: { path: '^src/stores/' },
      to: { path: '^src/domain/', pathNot: '^src/domain/auth/roles\\.ts$' },
    },
    {
      name: 'stores-no-upper-layers',
      comment: 'Stores know nothing of HTTP, the wire protocols, the upstream providers, metrics or the CLI: those sit above them.',
      severity: 'error',
      from: { path: '^src/stores/' },
      to: { path: '^src/(http|protocols|providers|metrics|cli|sdk)/' },
    },
    {
      name: 'ports-self-contained',
      comment: 'The ports are the contract between the domain and every backend: they may import each other, the error catalogue and the Role type, nothing that would drag an implementation in.',
      severity: 'error',
      from: { path: '^src/stores/ports/' },
      to: { path: '^src/', pathNot: '^src/(stores/ports/|errors\\.ts$|domain/auth/roles\\.ts$)' },
    },
    {
      name: 'domain-no-http',
      comment: 'The domain returns domain objects; wire shapes, status codes and SSE framing for clients are made in src/http.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(http|cli|sdk)/' },
    },
    {
      name: 'domain-stores-through-ports',
      comment: 'The domain sees storage only through the interfaces in stores/ports; which backend runs is chosen at start (stores/open-storage.ts, open-cluster.ts).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/stores/', pathNot: '^src/stores/ports/' },
    },
    {
      name: 'drivers-only-in-stores',
      comment: 'Database drivers (SQLite, PostgreSQL, Redis) are used only by the stores, so a backend can be swapped without touching anything else.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/stores/' },
      to: { path: '^node_modules/(better-sqlite3|pg|pg-pool|ioredis)/' },
    },
    {
      name: 'no-http-framework-below-http',
      comment: 'Fastify is the transport: the domain, stores, protocols and providers run without it (tests and the CLI use them directly).',
      severity: 'error',
      from: { path: '^src/(domain|stores|protocols|providers)/' },
      to: { path: '^node_modules/(fastify|@fastify/[^/]+)/' },
    },
    {
      name: 'protocols-pure',
      comment:
        "Protocols translate wire formats and nothing else: no HTTP routes, stores or upstream providers, and of the domain only the CompletionProtocol interface they implement and the cache-key memo's `wholeBody` marker (a protocol whose key material is the body alone says so with it).",
      severity: 'error',
      from: { path: '^src/protocols/' },
      to: { path: '^src/(http|stores|providers|cli|sdk|metrics)/|^src/domain/(?!(proxy/completion-protocol|cache/cache-key-memo)\\.ts$)' },
    },
    {
      name: 'providers-no-http-or-stores',
      comment: 'Providers call upstreams: they may use the protocols and the domain contracts they implement (Embedder, the upstream loop) but never the routes or the stores.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/(http|stores|cli|sdk|metrics)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|node_modules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
