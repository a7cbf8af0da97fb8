import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { slugify, extractHeadings } from '../workspace/toc.mjs';

const md = (...lines) => lines.join('\n');
const brief = (headings) => headings.map(({ level, title, line }) => [level, title, line]);

describe('extractHeadings: block structure', () => {
  it('recognises ATX headings, closing sequences and non-headings', () => {
    const doc = md(
      '# One',
      '## Two ##',
      '###   Three   ###   ',
      '#### Four#',
      '# #5',
      '#5 bolt',
      '####### seven',
      '   ###### Six deep',
      '    # indented four',
      '#\tTabbed',
      '#',
      '### ###',
      '##Tight',
    );
    assert.deepEqual(brief(extractHeadings(doc)), [
      [1, 'One', 1],
      [2, 'Two', 2],
      [3, 'Three', 3],
      [4, 'Four#', 4],
      [1, '#5', 5],
      [6, 'Six deep', 8],
      [1, 'Tabbed', 10],
    ]);
  });

  it('recognises setext headings, multi-line paragraphs and thematic breaks', () => {
    const doc = md(
      'Main Title',
      '==========',
      '',
      'Spread over',
      '  two lines  ',
      '---',
      '',
      '---',
      'after a break',
      '-',
      '',
      '===',
      '---',
      '## ATX',
      '---',
      'Text',
      '   ====   ',
      'Not underline',
      '    ---',
      '',
    );
    assert.deepEqual(brief(extractHeadings(doc)), [
      [1, 'Main Title', 1],
      [2, 'Spread over two lines', 4],
      [2, 'after a break', 9],
      [2, '===', 12],
      [2, 'ATX', 14],
      [1, 'Text', 16],
    ]);
  });

  it('skips fenced code blocks of both kinds and any length', () => {
    const doc = md(
      '# Before',
      '```js',
      '# not a heading',
      '```',
      '~~~~',
      '# hidden',
      '~~~',
      '```',
      '# still hidden',
      '~~~~~   ',
      '## Between',
      '````markdown',
      '```',
      '# inside longer fence',
      '```',
      '```` trailing info is not a closer',
      '````',
      '   ```',
      'Setext inside',
      '---',
      '   ```',
      '## After',
    );
    assert.deepEqual(brief(extractHeadings(doc)), [
      [1, 'Before', 1],
      [2, 'Between', 11],
      [2, 'After', 22],
    ]);
  });

  it('treats invalid fence openers as text and runs an unclosed fence to the end', () => {
    const doc = md(
      '``` has `backtick` in info',
      '---',
      '    ```',
      '# Visible',
      'Paragraph line',
      '```',
      '---',
      '```',
      '---',
      '~~~',
      '# swallowed',
      '```',
      '# swallowed too',
    );
    assert.deepEqual(brief(extractHeadings(doc)), [
      [2, '``` has backtick in info', 1],
      [1, 'Visible', 4],
    ]);
  });

  it('handles CRLF and CR line endings', () => {
    const doc = '# One\r\nSecond\r\n---\r\n```\r\n# code\r\n```\r## Three\r\n';
    assert.deepEqual(brief(extractHeadings(doc)), [
      [1, 'One', 1],
      [2, 'Second', 2],
      [2, 'Three', 7],
    ]);
  });

  it('rejects non-string input with TypeError', () => {
    assert.throws(() => extractHeadings(undefined), TypeError);
    assert.throws(() => extractHeadings(42), TypeError);
    assert.deepEqual(extractHeadings(''), []);
  });
});

describe('extractHeadings: titles', () => {
  const title = (raw) => {
    const headings = extractHeadings(`## ${raw}`);
    return headings.length === 0 ? null : headings[0].title;
  };

  it('strips emphasis delimiters by flanking rules', () => {
    assert.equal(title('**Bold** and _italic_ and ~~gone~~'), 'Bold and italic and gone');
    assert.equal(title('snake_case_name and __init__ file'), 'snake_case_name and init file');
    assert.equal(title('2 * 3 * 4 = 24'), '2 * 3 * 4 = 24');
    assert.equal(title('foo*bar*baz'), 'foobarbaz');
    assert.equal(title('***very*** strong'), 'very strong');
    assert.equal(title('a _ b ~ c'), 'a _ b ~ c');
  });

  it('keeps code spans and escapes literal', () => {
    assert.equal(title('Use `a*b*` here'), 'Use a*b* here');
    assert.equal(title('The ``a ` b`` span'), 'The a ` b span');
    assert.equal(title('Pad ` x ` and `  ` and ` y`'), 'Pad x and and y');
    assert.equal(title('\\*not emphasis\\* and \\_kept\\_'), '*not emphasis* and _kept_');
    assert.equal(title('Path `C:\\dir\\*`'), 'Path C:\\dir\\*');
    assert.equal(title('unmatched ``` tick'), 'unmatched ``` tick');
    assert.equal(title('back\\slash \\d'), 'back\\slash \\d');
    assert.equal(title('`**`'), '**');
  });

  it('replaces links, images, autolinks and HTML tags by their text', () => {
    assert.equal(title('[Docs](https://x.y/(a)b) and ![logo](l.png)'), 'Docs and logo');
    assert.equal(title('See [the guide][g] and [note]'), 'See the guide and [note]');
    assert.equal(title('[![badge](b.svg)](https://ci) Status'), 'badge Status');
    assert.equal(title('<em>Hi</em> there<br/> <https://a.b/c_d>'), 'Hi there https://a.b/c_d');
    assert.equal(title('a < b and c > d'), 'a < b and c > d');
    assert.equal(title('[`code` link](u)'), 'code link');
    assert.equal(title('broken [link](no-close'), 'broken [link](no-close');
  });

  it('collapses whitespace and ignores headings whose title ends up empty', () => {
    assert.equal(title('  many    spaces\tand tab  '), 'many spaces and tab');
    assert.equal(title('**Install** the `npm_pkg` [CLI](https://x.y/(v2)) <br/> \\*now\\*'), 'Install the npm_pkg CLI *now*');
    const headings = extractHeadings(md('# <br>', '## [](x) <i></i>', '### Real', 'x', '---'));
    assert.deepEqual(brief(headings), [[3, 'Real', 3], [2, 'x', 4]]);
  });
});

describe('slugs', () => {
  it('slugify lowercases, drops punctuation and symbols and turns each space into a hyphen', () => {
    assert.equal(slugify('Hello, World!'), 'hello-world');
    assert.equal(slugify('Foo & Bar'), 'foo--bar');
    assert.equal(slugify('API v2.0 — 100% 🚀'), 'api-v20--100-');
    assert.equal(slugify('snake_case-and-kebab'), 'snake_case-and-kebab');
    assert.equal(slugify('Émile & Zoë’s Café'), 'émile--zoës-café');
    assert.equal(slugify('日本語 タイトル'), '日本語-タイトル');
    assert.equal(slugify(' edge '), '-edge-');
  });

  it('gives duplicate titles the first free numeric suffix', () => {
    const doc = md('# Foo', '## Foo', '## Foo-1', '## Foo', 'Foo', '---', '### foo!', '# Bar');
    assert.deepEqual(
      extractHeadings(doc).map((h) => h.slug),
      ['foo', 'foo-1', 'foo-1-1', 'foo-2', 'foo-3', 'foo-4', 'bar'],
    );
  });

  it('computes slugs from the stripped, collapsed title', () => {
    const doc = md('## `Foo`   &  **Bar**', '## [Link](x) *here*', '## Émile & Zoë’s Café');
    assert.deepEqual(
      extractHeadings(doc).map(({ title, slug }) => [title, slug]),
      [['Foo & Bar', 'foo--bar'], ['Link here', 'link-here'], ['Émile & Zoë’s Café', 'émile--zoës-café']],
    );
  });
});
