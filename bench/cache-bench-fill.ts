// The fill of npm run bench:cache, in a process of its own (so the restarted gateway's memory is not
// the fill's): node dist/bench/cache-bench-fill.js '<json>' with the data directory, the gateway's
// environment, and what to fill: `milestones` through the memory API, then `entries` cache entries
// through the cache's own code. Each part, once done, leaves a marker file in the data directory
// holding its seconds, so a kept directory is filled once (cache-bench.ts reads the markers).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_MARKER, MILESTONES_MARKER, populate, type FillOrder } from './cache-bench-entries.js';
import { startMemoryGateway } from './memory-gateway.js';
import { fillMilestones } from './milestone-fill.js';

/** Concurrent clients storing milestones, as in npm run bench:memory. */
const MILESTONE_CLIENTS = 8;

const order = JSON.parse(process.argv[2]!) as FillOrder;
// Filling milestones alone (the entries are there), the semantic cache stays off: loading its
// index in the background would only slow the milestone stores down.
const env = order.entries > 0 ? order.env : { ...order.env, SYNAPSE_SEMANTIC_CACHE_ENABLED: 'false' };
const gw = await startMemoryGateway({ dataDir: order.dataDir, env });
try {
  if (order.milestones > 0) {
    const secs = await fillMilestones(gw, order.milestones, MILESTONE_CLIENTS);
    writeFileSync(join(order.dataDir, MILESTONES_MARKER), String(secs));
  }
  if (order.entries > 0) {
    const secs = await populate(gw.gateway.deps.cache!, order.entries, order.concurrency);
    writeFileSync(join(order.dataDir, CACHE_MARKER), String(secs));
  }
} finally {
  await gw.close(true);
}
// Closed and written; a message port (not the cache's) can keep the process alive after a fill
// through the cache's code, so the fill says it is done instead of waiting for it.
process.exit(0);
