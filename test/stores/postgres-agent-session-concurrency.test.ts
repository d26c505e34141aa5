// Two gateway instances on one PostgreSQL schema, each with its own AgentSessionTracker, recording
// calls of the same agent sessions and flushing at the same moments: no count is lost.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentSessionTracker } from '../../src/domain/agents/agent-session-tracker.js';
import { silentLogger } from '../../src/domain/logger.js';
import { openPostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { testPostgresOptions } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema } from '../helpers/test-services.js';

const schema = testSchema('sessions');

describe('postgres agent sessions', await needPostgres(), () => {
  test('concurrent flushes of two instances add up', async () => {
    const storages = await Promise.all([openPostgresStorage(testPostgresOptions(schema)), openPostgresStorage(testPostgresOptions(schema))]);
    const trackers = storages.map((storage) => new AgentSessionTracker(storage.agentSessions, silentLogger));
    try {
      const rounds = 10;
      const sessions = ['s-a', 's-b', 's-c', 's-d'];
      for (let round = 0; round < rounds; round++) {
        for (const tracker of trackers) {
          // Each instance sees the sessions in a different order, as independent traffic would.
          for (const sessionId of tracker === trackers[0] ? sessions : [...sessions].reverse()) {
            tracker.record('t', { type: 'claude-code', sessionId }, {
              cacheHit: round % 2 === 0, inputTokens: 3, outputTokens: 1, costUsd: 0.5, costSavedUsd: 0.25,
            });
          }
        }
        await Promise.all(trackers.map((tracker) => tracker.flush()));
      }
      for (const sessionId of sessions) {
        const session = await storages[0]!.agentSessions.get('t', sessionId);
        assert.deepEqual(
          [session?.requests, session?.cacheHits, session?.inputTokens, session?.costUsd, session?.costSavedUsd],
          [2 * rounds, rounds, 6 * rounds, rounds, rounds / 2],
          sessionId,
        );
      }
    } finally {
      await Promise.all(trackers.map((tracker) => tracker.close()));
      await Promise.all(storages.map((storage) => storage.close()));
    }
  });
});
