// ParsedBodies: a text is parsed once and its body remembered frozen; invalid texts and long ones are
// parsed every time; the number remembered is bounded, the oldest going first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParsedBodies } from '../../src/http/hit-shortcut/parsed-bodies.js';

function counting(valid: (body: unknown) => boolean = () => true) {
  const parsed: string[] = [];
  const parse = (text: string): unknown => {
    parsed.push(text);
    try {
      const body: unknown = JSON.parse(text);
      return valid(body) ? body : undefined;
    } catch {
      return undefined;
    }
  };
  return { parsed, parse };
}

describe('ParsedBodies', () => {
  test('the same text is parsed once, and its body cannot be changed by whoever receives it', () => {
    const { parsed, parse } = counting();
    const bodies = new ParsedBodies(parse);
    const text = '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}';
    const first = bodies.bodyOf(text) as { messages: { content: string }[] };
    assert.equal(bodies.bodyOf(text), first);
    assert.deepEqual(parsed, [text]);
    assert.throws(() => {
      first.messages[0]!.content = 'changed';
    }, TypeError);
    assert.throws(() => (first.messages as unknown[]).push({}), TypeError);
    assert.equal(first.messages[0]!.content, 'hi');
  });

  test('invalid JSON and bodies the schema refuses are not remembered', () => {
    const { parsed, parse } = counting((body) => typeof body === 'object' && body !== null && 'model' in body);
    const bodies = new ParsedBodies(parse);
    for (let i = 0; i < 2; i++) {
      assert.equal(bodies.bodyOf('{"model":'), undefined);
      assert.equal(bodies.bodyOf('{"prompt":"x"}'), undefined);
    }
    assert.equal(parsed.length, 4);
  });

  test('texts past the length bound are parsed every time; entries past the count bound go oldest first', () => {
    const { parsed, parse } = counting();
    const bodies = new ParsedBodies(parse, 2, 20);
    const long = JSON.stringify({ text: 'x'.repeat(30) });
    bodies.bodyOf(long);
    bodies.bodyOf(long);
    assert.equal(parsed.length, 2);
    parsed.length = 0;
    for (const text of ['{"a":1}', '{"b":2}', '{"c":3}', '{"b":2}', '{"a":1}']) bodies.bodyOf(text);
    assert.deepEqual(parsed, ['{"a":1}', '{"b":2}', '{"c":3}', '{"a":1}']);
  });
});
