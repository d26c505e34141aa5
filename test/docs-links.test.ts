// The README and docs/ link only to files in the repository: every relative Markdown link resolves
// to a file of this checkout (no `../shared/...` beyond the root), so a reader of a clone or of the
// published package never meets a dead link.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

/** The checkout this compiled test belongs to (dist/test/ is two levels down). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const documents = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

/** `[text](target)` outside code spans and fences, without the `#anchor`. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);
}

describe('links in the README and docs/', () => {
  for (const document of documents) {
    test(`${document} links only to files in the repository`, () => {
      const text = readFileSync(join(ROOT, document), 'utf8');
      for (const target of relativeLinks(text)) {
        const file = resolve(dirname(join(ROOT, document)), target);
        assert.ok(!relative(ROOT, file).startsWith('..'), `${document} links outside the repository: ${target}`);
        assert.ok(existsSync(file), `${document} links to a missing file: ${target}`);
      }
    });
  }

  test('the README names no file outside the repository', () => {
    assert.doesNotMatch(readFileSync(join(ROOT, 'README.md'), 'utf8'), /\.\.\/shared|\]\(\.\.\//);
  });
});
