// The write-behind batch of the exact cache: one entry never costs another. 60 entries from several
// tenants, some of them unstorable (a NUL in the model name, which PostgreSQL's text cannot hold),
// stored through ResponseCache in one batch: every good entry reaches the store, on SQLite and on
// PostgreSQL alike, and the unstorable ones are skipped with a log line. A store that refuses
// single rows for any other reason costs only those rows; an unreachable store is not retried row by row.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ResponseCache } from '../../src/domain/cache/response-cache.js';
import type { CacheEntry, CacheStore } from '../../src/stores/ports/cache-store.js';
import { openPostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/stores/ports/storage.js';
import { StoreError } from '../../src/stores/ports/store-error.js';
import { dropSchema, testPostgresOptions, uniqueSchemaName } from '../helpers/postgres-test-database.js';

const OPTIONS = { ttlSecs: 3_600, maxEntries: 10_000, memoryEntries: 1_000, memoryBytes: 1e8, maxEntryBytes: 1e6 };
const schema = uniqueSchemaName('isolation');
after(() => dropSchema(schema));

function recordingLogger() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message?: string }> = [];
  const log = (level: string) => (fields: object, message?: string) => void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error') } };
}

/** 60 answers from 3 tenants; every tenth has a NUL in its model name. */
const answers = Array.from({ length: 60 }, (_, i) => ({
  tenantId: `tenant-${i % 3}`,
  cacheKey: `key-${i}`,
  model: i % 10 === 3 ? `gpt-4o\u0000${i}` : 'gpt-4o',
  response: { id: `answer-${i}`, choices: [{ message: { content: `answer ${i} with a NUL \u0000 inside` } }] },
  promptTokens: 3,
  completionTokens: 4,
}));
const isBad = (i: number) => i % 10 === 3;

async function storeAll(cache: ResponseCache): Promise<void> {
  // One tick: every entry lands in the same write-behind batch.
  await Promise.all(answers.map((answer) => cache.store(answer)));
  await cache.flushWrites();
}

for (const [backend, open] of [
  ['sqlite', async () => openSqliteStorage(':memory:')],
  ['postgres', () => openPostgresStorage(testPostgresOptions(schema))],
] as Array<[string, () => Promise<Storage>]>) {
  describe(`write-behind batch on ${backend}`, () => {
    test('60 entries from 3 tenants, 6 unstorable: all 54 good ones are stored, exactly; the 6 are skipped and logged', async () => {
      const storage = await open();
      const { lines, logger } = recordingLogger();
      const cache = new ResponseCache(storage.cache, OPTIONS, logger);
      try {
        await storeAll(cache);
        for (const [i, answer] of answers.entries()) {
          const stored = await storage.cache.getEntry(answer.tenantId, answer.cacheKey);
          if (isBad(i)) assert.equal(stored, undefined, `entry ${i} is skipped`);
          else assert.deepEqual(stored?.response, answer.response, `entry ${i} is stored and reads back exactly`);
        }
        const skipped = lines.filter((line) => line.message?.includes('not cached'));
        assert.equal(skipped.length, 6, JSON.stringify(lines));
        for (const line of skipped) assert.doesNotMatch(JSON.stringify(line), /\\u0000|answer \d/, 'no content in the log');
      } finally {
        await cache.close();
        await storage.close();
      }
    });
  });
}

describe('write-behind batch against a store that refuses rows', () => {
  /** A store that fails any batch holding a poisoned entry, as a database refusing one row would. */
  function refusingStore(poisoned: Set<string>, failure: 'failed' | 'unavailable'): CacheStore & { written: CacheEntry[]; calls: number } {
    const written: CacheEntry[] = [];
    const store = {
      written,
      calls: 0,
      async putEntries(entries: CacheEntry[]) {
        store.calls += 1;
        if (failure === 'unavailable' || entries.some((entry) => poisoned.has(entry.cacheKey))) {
          throw new StoreError('PostgreSQL', failure, new Error('refused'));
        }
        written.push(...entries);
      },
      async countEntries() {
        return written.length;
      },
      async recordHits() {},
    };
    return store as unknown as CacheStore & { written: CacheEntry[]; calls: number };
  }

  test('a refused row costs only itself', async () => {
    const store = refusingStore(new Set(['key-7', 'key-42']), 'failed');
    const { lines, logger } = recordingLogger();
    const cache = new ResponseCache(store, OPTIONS, logger);
    const good = answers.filter((_, i) => !isBad(i));
    await Promise.all(good.map((answer) => cache.store(answer)));
    await cache.flushWrites();
    assert.deepEqual(
      store.written.map((entry) => entry.cacheKey).sort(),
      good.map((answer) => answer.cacheKey).filter((key) => key !== 'key-7' && key !== 'key-42').sort(),
    );
    assert.equal(lines.filter((line) => line.level === 'error').length, 2, 'one error line per refused entry');
  });

  test('an unreachable store is not retried row by row', async () => {
    const store = refusingStore(new Set(), 'unavailable');
    const { lines, logger } = recordingLogger();
    const cache = new ResponseCache(store, OPTIONS, logger);
    await Promise.all(answers.slice(0, 10).filter((_, i) => !isBad(i)).map((answer) => cache.store(answer)));
    await cache.flushWrites();
    assert.equal(store.calls, 1);
    assert.equal(lines.filter((line) => line.level === 'error').length, 1);
  });
});
