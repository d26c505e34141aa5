// describeSemantically: what is embedded, what goes into the partition, and which requests are
// left to the exact layer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSemantically } from '../../src/domain/cache/semantic/semantic-request.js';

const ask = (content: unknown, extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }],
  ...extra,
});

test('the last user message is the text; earlier user turns are the context', () => {
  const key = describeSemantically('t', 'e', {
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'What is a cache?' },
      { role: 'assistant', content: 'A store of answers.' },
      { role: 'user', content: [{ type: 'text', text: 'And a semantic one?' }] },
    ],
  });
  assert.deepEqual(key && { text: key.text, context: key.context }, { text: 'And a semantic one?', context: ['What is a cache?'] });
});

test('user wording does not change the partition; everything else does', () => {
  const base = describeSemantically('t', 'e', ask('What is a cache?'))!.partition;
  assert.equal(describeSemantically('t', 'e', ask('what is a CACHE'))!.partition, base);
  assert.equal(describeSemantically('t', 'e', ask('What is a cache?', { stream: true, user: 'u1' }))!.partition, base);
  const variants = [
    describeSemantically('t2', 'e', ask('What is a cache?')),
    describeSemantically('t', 'e2', ask('What is a cache?')),
    describeSemantically('t', 'e', { ...ask('What is a cache?'), model: 'gpt-4o-mini' }),
    describeSemantically('t', 'e', ask('What is a cache?', { temperature: 0 })),
    describeSemantically('t', 'e', { model: 'gpt-4o', messages: [{ role: 'system', content: 'Be verbose.' }, { role: 'user', content: 'What is a cache?' }] }),
  ];
  for (const variant of variants) assert.notEqual(variant!.partition, base);
});

test('requests that are not plain user text are left to the exact layer', () => {
  assert.equal(describeSemantically('t', 'e', ask([{ type: 'image_url', image_url: { url: 'x' } }])), undefined);
  assert.equal(describeSemantically('t', 'e', { model: 'm', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'prefill' }] }), undefined);
  assert.equal(describeSemantically('t', 'e', ask('   ')), undefined);
  assert.equal(describeSemantically('t', 'e', ask('What is a cache?', { tools: [{ type: 'function', function: { name: 'f' } }] })), undefined);
});
