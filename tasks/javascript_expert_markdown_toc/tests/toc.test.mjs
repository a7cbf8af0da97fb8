import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateToc } from '../workspace/toc.mjs';

const md = (...lines) => lines.join('\n');

const GUIDE = md(
  'Project Guide',
  '=============',
  '',
  'Intro text with a # hash.',
  '',
  '## Getting **Started**',
  '',
  '### Install `npm_pkg`',
  '',
  '```sh',
  '## not a heading',
  '```',
  '',
  '### Configure',
  '',
  '#### Options & Flags',
  '',
  '## Getting Started',
  '',
  'API [v2](https://example.com/(v2))',
  '-----------------------------------',
  '',
  '~~~',
  '# hidden',
  '~~~',
  '',
  '# Appendix',
  '',
  '###### Deep note',
);

describe('generateToc', () => {
  it('renders the nested list from the instructions example', () => {
    assert.equal(
      generateToc(md('# A', '### B', '## C', '# D')),
      '- [A](#a)\n  - [B](#b)\n  - [C](#c)\n- [D](#d)\n',
    );
  });

  it('renders a whole document with exact indentation and unique slugs', () => {
    assert.equal(
      generateToc(GUIDE),
      [
        '- [Project Guide](#project-guide)',
        '  - [Getting Started](#getting-started)',
        '    - [Install npm_pkg](#install-npm_pkg)',
        '    - [Configure](#configure)',
        '      - [Options & Flags](#options--flags)',
        '  - [Getting Started](#getting-started-1)',
        '  - [API v2](#api-v2)',
        '- [Appendix](#appendix)',
        '  - [Deep note](#deep-note)',
        '',
      ].join('\n'),
    );
  });

  it('filters by depth while keeping slugs computed over all headings', () => {
    const doc = md('# Intro', '### Detail', '## Intro', '#### Too deep', '## Usage', '# Usage');
    assert.equal(
      generateToc(doc, { minDepth: 2, maxDepth: 3 }),
      '- [Detail](#detail)\n- [Intro](#intro-1)\n- [Usage](#usage)\n',
    );
    assert.equal(generateToc(doc, { maxDepth: 1 }), '- [Intro](#intro)\n- [Usage](#usage-1)\n');
    assert.equal(generateToc(doc, { minDepth: 4 }), '- [Too deep](#too-deep)\n');
  });

  it('nests relative to the nearest shallower heading, not to absolute levels', () => {
    const doc = md('### Three', '#### Four', '## Two', '###### Six', '##### Five', '#### Four again');
    assert.equal(
      generateToc(doc),
      [
        '- [Three](#three)',
        '  - [Four](#four)',
        '- [Two](#two)',
        '  - [Six](#six)',
        '  - [Five](#five)',
        '  - [Four again](#four-again)',
        '',
      ].join('\n'),
    );
  });

  it('escapes backslashes and square brackets in link text only', () => {
    const doc = md('## Arrays \\[deprecated\\]', '## Path `C:\\tmp`', '## [note] *and* (parens)');
    assert.equal(
      generateToc(doc),
      [
        '- [Arrays \\[deprecated\\]](#arrays-deprecated)',
        '- [Path C:\\\\tmp](#path-ctmp)',
        '- [\\[note\\] and (parens)](#note-and-parens)',
        '',
      ].join('\n'),
    );
  });

  it('returns the empty string when no heading is in range', () => {
    assert.equal(generateToc(''), '');
    assert.equal(generateToc(md('just text', '', '```', '# code', '```')), '');
    assert.equal(generateToc(md('# Top', '## Second'), { minDepth: 3 }), '');
  });

  it('validates its arguments', () => {
    assert.throws(() => generateToc(null), TypeError);
    assert.throws(() => generateToc(['# A']), TypeError);
    for (const options of [
      { minDepth: 0 },
      { maxDepth: 7 },
      { minDepth: 1.5 },
      { maxDepth: '3' },
      { minDepth: 4, maxDepth: 3 },
    ]) {
      assert.throws(() => generateToc('# A', options), RangeError, JSON.stringify(options));
    }
    assert.equal(generateToc('# A', { minDepth: 1, maxDepth: 1 }), '- [A](#a)\n');
  });
});
