// The pieces of an intelligence answer that need no store: how a question's words are sorted,
// which parts of the memory a question names, how topic words meet a milestone's words, and which
// sentences of an LLM answer are kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acceptCitedAnswer } from '../../src/domain/memory/intelligence/llm-answer.js';
import { questionWords, topicWords } from '../../src/domain/memory/intelligence/question-words.js';
import { questionTimeSpan } from '../../src/domain/memory/intelligence/time-range.js';
import { mentionsStem, stemsOf } from '../../src/domain/memory/intelligence/term-match.js';
import { findMentions, type WindowEntities } from '../../src/domain/memory/intelligence/window-entities.js';

const topic = (question: string) => questionWords(question).filter((w) => w.kind === 'topic').map((w) => w.word);

describe('questionWords', () => {
  test('questions about activity in general have no topic words', () => {
    for (const q of ['What happened in the last 7 days?', 'What did the team work on this week?', "What's new?", 'Summarise the last 10d', 'Give me an overview of recent progress']) {
      assert.deepEqual(topic(q), [], q);
    }
  });

  test('topic words stay, numbers included unless they count time; names are marked', () => {
    assert.deepEqual(topic('How are refunds approved?'), ['refunds', 'approved']);
    assert.deepEqual(topic('What changed in checkout over the past 3 weeks?'), ['checkout']);
    assert.deepEqual(topic('Why did the app crash on Android 9?'), ['app', 'crash', 'android', '9']);
    const words = questionWords('What is the capital of France? France is nice.');
    assert.deepEqual(words.filter((w) => w.capitalised).map((w) => w.word), ['france'], 'not at the start of a sentence');
  });
});

describe('questionTimeSpan', () => {
  const span = (q: string) => questionTimeSpan(questionWords(q).map((w) => w.word));
  test('the span a question names', () => {
    assert.equal(span('What happened in the last 7 days?'), '7d');
    assert.equal(span('Anything in the past three weeks?'), '3w');
    assert.equal(span('What changed in the last 24 hours?'), '24h');
    assert.equal(span('What did we ship this week?'), '1w');
    assert.equal(span('What happened last month?'), '30d');
    assert.equal(span('What happened today?'), '1d');
    assert.equal(span('What broke yesterday?'), '2d');
    assert.equal(span('What was the last deploy?'), undefined);
    assert.equal(span('How are refunds approved?'), undefined);
  });
});

describe('topicWords', () => {
  test('two words become one where the window writes them as one', () => {
    const known = new Set(['rollback', 'login']);
    const topic = (q: string) => topicWords(questionWords(q), new Set(), (stem) => known.has(stem)).map((w) => w.word);
    assert.deepEqual(topic('How do we roll back a bad release?'), ['rollback', 'bad', 'release']);
    assert.deepEqual(topic('Which providers can users log in with?'), ['providers', 'users', 'login']);
    assert.deepEqual(topic('How do we roll the dice?'), ['roll', 'dice']);
  });
});

describe('findMentions', () => {
  const entities: WindowEntities = {
    projects: [{ projectId: 'api', name: 'Mobile backend' }],
    branches: [{ projectId: 'api', branchName: 'main' }, { projectId: 'api', branchName: 'fix-uploads' }],
    agentIds: ['codex-api', 'max'],
    contributors: [{ tenantId: 't', contributorId: 'c-17', displayName: 'Sam Rivera', agentIds: ['claude-mobile'], role: null, createdAt: '', updatedAt: '' }],
  };
  const mentions = (q: string) => findMentions(questionWords(q), entities);

  test('the longest name wins: an agent id holding a project id names the agent', () => {
    const m = mentions('What did codex-api do?');
    assert.deepEqual(m.agentIds, ['codex-api']);
    assert.equal(m.projectIds, undefined);
    assert.deepEqual(mentions('Give me an overview of the api project').projectIds, ['api']);
    assert.deepEqual(mentions('Status of the mobile backend').projectIds, ['api']);
  });

  test('an agent by the words of its id next to "agent" or "bot", or by its first word capitalised inside a sentence', () => {
    const agents = (q: string) => findMentions(questionWords(q), { ...entities, agentIds: ['agent-billing', 'claude-code', 'deploy-bot', 'agent-1'] }).agentIds;
    assert.deepEqual(agents('What did the billing agent do this week?'), ['agent-billing']);
    assert.deepEqual(agents('What did agent billing change?'), ['agent-billing']);
    assert.equal(agents('How does billing handle refunds?'), undefined, 'billing alone is a topic');
    assert.deepEqual(agents('What did Claude do yesterday?'), ['claude-code']);
    assert.equal(agents('What did claude do yesterday?'), undefined);
    assert.deepEqual(agents('What did the deploy bot change?'), ['deploy-bot']);
    assert.equal(agents('Deploy failures this week?'), undefined, 'a capital at the start of a sentence says nothing');
    assert.deepEqual(agents('What did agent 1 do?'), ['agent-1']);
  });

  test('a one-word branch needs the word "branch"; a first name needs its capital', () => {
    assert.equal(mentions('What is the main reason for the outage?').branchNames, undefined);
    assert.deepEqual(mentions('What happened on the main branch?').branchNames, ['main']);
    assert.deepEqual(mentions('Any news on fix-uploads?').branchNames, ['fix-uploads']);
    assert.deepEqual(mentions('What has Sam been doing?').agentIds, ['claude-mobile']);
    assert.equal(mentions('what has sam been doing?').agentIds, undefined);
    assert.deepEqual(mentions('what has sam rivera been doing?').who, ['Sam Rivera']);
  });
});

describe('mentionsStem', () => {
  test('stems meet with a derivational suffix, never as a mere prefix', () => {
    const stems = stemsOf('Deployment approvals: migration of the scheduler, with a backup of the engineer notes');
    for (const word of ['deploy', 'approve', 'migrate', 'schedule', 'backups', 'notes']) {
      assert.ok(mentionsStem(stems, stemsOf(word).values().next().value!), word);
    }
    for (const word of ['back', 'engine', 'mig']) assert.ok(!mentionsStem(stems, [...stemsOf(word)][0]!), word);
    assert.ok(mentionsStem(stemsOf('We roll back on failure'), 'rollback'), 'neighbouring words joined');
  });
});

describe('acceptCitedAnswer', () => {
  test('keeps the sentences that cite a source, a citation after the full stop included', () => {
    assert.equal(
      acceptCitedAnswer('Refunds need approval [1]. I hope this helps! Small ones are automatic. [2]\nSee the sources.', 2),
      'Refunds need approval [1]. Small ones are automatic. [2]',
    );
  });

  test('refuses an answer citing nothing, or a source that does not exist', () => {
    assert.equal(acceptCitedAnswer('Refunds need approval.', 2), undefined);
    assert.equal(acceptCitedAnswer('Refunds need approval [3].', 2), undefined);
    assert.equal(acceptCitedAnswer('Refunds need approval [1], see also [0].', 2), undefined);
  });
});
