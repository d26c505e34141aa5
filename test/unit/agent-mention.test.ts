// Whether a search query names a milestone's agent: the id's words, in order, as whole words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentMentionTest } from '../../src/domain/memory/search/agent-mention.js';

describe('agentMentionTest', () => {
  test('a name, or every word of an id in order, as whole words and in any case', () => {
    const names = agentMentionTest("What did Jon say about the deploy-bot's rollback?");
    assert.equal(names('jon'), true);
    assert.equal(names('Jon'), true);
    assert.equal(names('deploy-bot'), true);
    assert.equal(names('deploy_bot'), true, 'what separates the words does not matter');
    assert.equal(names('gina'), false);
    assert.equal(names('jo'), false, 'never a part of a word');
    assert.equal(names('bot-deploy'), false, 'words in order');
  });

  test('an id of numbers or one-letter words alone never counts', () => {
    const names = agentMentionTest('what did agent 1 do in step 2 of plan b');
    assert.equal(names('agent-1'), true);
    assert.equal(names('1'), false);
    assert.equal(names('b'), false);
    assert.equal(names('2'), false);
  });
});
