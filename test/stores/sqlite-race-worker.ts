// One writer of test/stores/sqlite-concurrency.test.ts: a thread with its own SQLite connection on the
// shared file, waiting at a barrier so that every writer starts at once, then writing its share.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';

export interface RaceTask {
  dir: string;
  writer: number;
  tenant: string;
  appends: number;
  batches: number;
  barrier: SharedArrayBuffer;
  writers: number;
}

export interface RaceResult {
  sequenceNumbers: number[];
  keyedOutcome: string;
  keyedMilestoneId: string;
  firstKeyInserted: boolean;
  errors: string[];
}

const AT = '2026-02-10T14:22:00.000Z';
const task = workerData as RaceTask;
const storage = openSqliteStorage(task.dir);
const gate = new Int32Array(task.barrier);
// Everyone arrives, the last one releases all.
if (Atomics.add(gate, 0, 1) + 1 === task.writers) Atomics.notify(gate, 0);
else while (Atomics.load(gate, 0) < task.writers) Atomics.wait(gate, 0, Atomics.load(gate, 0), 1000);

const draft = (text: string) => ({
  tenantId: task.tenant, milestoneId: `ms-race-${randomUUID()}`, projectId: 'p', branchName: 'main', branchPurpose: 'purpose',
  cumulativeProgress: 'progress', thisContribution: text, contentHash: `hash-${text}`, agentId: `agent-${task.writer}`,
  agentType: 'custom', kind: 'commit' as const, createdAt: AT,
});
const usage = (sessionId: string) => ({
  tenantId: task.tenant, sessionId, agentType: 'claude-code', requests: 1, cacheHits: 0, inputTokens: 10, outputTokens: 5,
  costUsd: 0.25, costSavedUsd: 0, firstSeenAt: 1, lastSeenAt: 2,
});
const settingsPatches = [{ rateLimitTier: 'pro' }, { cacheTtlSecs: 30 }, { cacheHitThreshold: 0.9 }];

const result: RaceResult = { sequenceNumbers: [], keyedOutcome: '', keyedMilestoneId: '', firstKeyInserted: false, errors: [] };
const attempt = async (work: () => Promise<void>) => {
  try {
    await work();
  } catch (error) {
    result.errors.push(`${(error as Error).name}: ${(error as Error).message} ${String((error as { driverCode?: string }).driverCode ?? '')}`);
  }
};
// Interleaved so that every kind of write meets the other writers' at the same time.
for (let i = 0; i < Math.max(task.appends, task.batches); i++) {
  if (i < task.appends) {
    await attempt(async () => {
      const appended = await storage.memory.appendMilestone({ milestone: draft(`w${task.writer}-m${i}`) });
      if (appended.outcome === 'created') result.sequenceNumbers.push(appended.milestone.sequenceNumber);
      else result.errors.push(`append ${i}: ${appended.outcome}`);
    });
  }
  if (i < task.batches) await attempt(() => storage.agentSessions.addUsage([usage('shared'), usage(`own-${task.writer}-${i}`)]));
  if (i < task.batches) {
    const patch = settingsPatches[task.writer % settingsPatches.length]!;
    await attempt(async () => void (await storage.settings.updateTenantSettings(task.tenant, patch)));
  }
  if (i === 2) {
    await attempt(async () => {
      const keyed = await storage.memory.appendMilestone({ milestone: draft(`keyed by ${task.writer}`), idempotencyKey: 'k-race' });
      result.keyedOutcome = keyed.outcome;
      if (keyed.outcome === 'created' || keyed.outcome === 'replayed') result.keyedMilestoneId = keyed.milestone.milestoneId;
    });
    await attempt(async () => {
      result.firstKeyInserted = await storage.apiKeys.insertKeyIfNone({
        id: `key_first_${task.writer}`, tenantId: task.tenant, name: 'first-admin', role: 'admin', keyHash: `hash-first-${task.writer}`,
        keyPrefix: 'sk-syn-fst', createdAt: AT, revokedAt: null,
      });
    });
  }
}
await storage.close();
parentPort!.postMessage(result);
