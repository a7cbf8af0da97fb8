// Table-of-contents generator for Markdown documents.
// See instructions.md for the exact rules.

const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;
// Protected pieces are swapped for private-use characters while the inline rules run.
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER_LIMIT = 0xf8ff;

const isWhitespace = (ch) => ch === ' ' || ch === '\t';
const trimWhitespace = (s) => s.replace(/^[ \t]+|[ \t]+$/g, '');

function indentation(line) {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** @returns {{char: string, length: number} | null} */
function parseFenceOpener(line) {
  if (indentation(line) > 3) return null;
  const match = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(line);
  if (!match) return null;
  const [, run, info] = match;
  if (run[0] === '`' && info.includes('`')) return null;
  return { char: run[0], length: run.length };
}

function isFenceCloser(line, fence) {
  if (indentation(line) > 3) return false;
  const match = /^[ \t]*(`+|~+)[ \t]*$/.exec(line);
  return match !== null && match[1][0] === fence.char && match[1].length >= fence.length;
}

/** @returns {{level: number, raw: string} | null} */
function parseAtx(line) {
  if (indentation(line) > 3) return null;
  const match = /^[ \t]*(#{1,6})(?:[ \t](.*))?$/.exec(line);
  if (!match) return null;
  let raw = trimWhitespace(match[2] ?? '');
  const closing = /(^|[ \t])#+$/.exec(raw);
  if (closing) raw = trimWhitespace(raw.slice(0, closing.index));
  return { level: match[1].length, raw };
}

/** @returns {'=' | '-' | null} */
function parseUnderline(line) {
  if (indentation(line) > 3) return null;
  const match = /^[ \t]*(=+|-+)[ \t]*$/.exec(line);
  return match ? match[1][0] : null;
}

/** Headings with their raw (unstripped) text, in document order. */
function scanBlocks(markdown) {
  const lines = markdown.split(/\r\n|\n|\r/);
  const found = [];
  let paragraph = [];
  let fence = null;
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (fence) {
      if (isFenceCloser(line, fence)) fence = null;
      return;
    }
    if (/^[ \t]*$/.test(line)) {
      paragraph = [];
      return;
    }
    const opener = parseFenceOpener(line);
    if (opener) {
      fence = opener;
      paragraph = [];
      return;
    }
    const atx = parseAtx(line);
    if (atx) {
      found.push({ level: atx.level, raw: atx.raw, line: lineNo });
      paragraph = [];
      return;
    }
    const underline = parseUnderline(line);
    if (underline && paragraph.length > 0) {
      found.push({
        level: underline === '=' ? 1 : 2,
        raw: paragraph.map((p) => trimWhitespace(p.text)).join(' '),
        line: paragraph[0].line,
      });
      paragraph = [];
      return;
    }
    if (underline === '-') return; // thematic break
    paragraph.push({ text: line, line: lineNo });
  });
  return found;
}

/** Step 1: swap escapes and code spans (and stray private-use chars) for placeholders. */
function protect(raw) {
  const pieces = [];
  const hold = (literal) => {
    const code = PLACEHOLDER_BASE + pieces.length;
    if (code > PLACEHOLDER_LIMIT) throw new RangeError('heading has too many inline pieces');
    pieces.push(literal);
    return String.fromCharCode(code);
  };
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length && ASCII_PUNCTUATION.test(raw[i + 1])) {
      out += hold(raw[i + 1]);
      i += 2;
    } else if (ch === '`') {
      let end = i;
      while (raw[end] === '`') end += 1;
      const width = end - i;
      const close = findBacktickRun(raw, end, width);
      if (close === -1) {
        out += raw.slice(i, end);
        i = end;
      } else {
        let content = raw.slice(end, close);
        if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content)) {
          content = content.slice(1, -1);
        }
        out += hold(content);
        i = close + width;
      }
    } else {
      const code = ch.charCodeAt(0);
      out += code >= PLACEHOLDER_BASE && code <= PLACEHOLDER_LIMIT ? hold(ch) : ch;
      i += 1;
    }
  }
  return { text: out, pieces };
}

function findBacktickRun(s, from, width) {
  let i = from;
  while (i < s.length) {
    if (s[i] !== '`') {
      i += 1;
      continue;
    }
    let end = i;
    while (s[end] === '`') end += 1;
    if (end - i === width) return i;
    i = end;
  }
  return -1;
}

/** Index of the `]` closing a bracket opened at `open`, with no bracket inside; -1 if none. */
function closeBracket(s, open) {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === ']') return i;
    if (s[i] === '[') return -1;
  }
  return -1;
}

/** Index of the `)` matching the `(` at `open`; -1 if unbalanced. */
function closeParen(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth += 1;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** One left-to-right pass of step 2. */
function replaceLinksOnce(s) {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const image = s[i] === '!' && s[i + 1] === '[';
    const start = image ? i + 1 : i;
    if (s[start] === '[') {
      const close = closeBracket(s, start);
      if (close !== -1) {
        const inner = s.slice(start + 1, close);
        if (s[close + 1] === '(') {
          const end = closeParen(s, close + 1);
          if (end !== -1) {
            out += inner;
            i = end + 1;
            continue;
          }
        } else if (!image && s[close + 1] === '[') {
          const end = closeBracket(s, close + 1);
          if (end !== -1) {
            out += inner;
            i = end + 1;
            continue;
          }
        }
      }
    }
    out += s[i];
    i += 1;
  }
  return out;
}

function stripEmphasis(s) {
  return s.replace(/([*_~])\1*/g, (run, ch, offset) => {
    const before = s[offset - 1];
    const after = s[offset + run.length];
    const right = before !== undefined && !isWhitespace(before);
    const left = after !== undefined && !isWhitespace(after);
    const remove = ch === '_' ? left !== right : left || right;
    return remove ? '' : run;
  });
}

function toTitle(raw) {
  const { text, pieces } = protect(raw);
  let s = text;
  for (let next = replaceLinksOnce(s); next !== s; next = replaceLinksOnce(s)) s = next;
  s = s.replace(/<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^ \t<>]*)>/g, '$1');
  s = s.replace(/<\/?[A-Za-z][^>]*>/g, '');
  s = stripEmphasis(s);
  s = s.replace(/[\ue000-\uf8ff]/g, (ch) => pieces[ch.charCodeAt(0) - PLACEHOLDER_BASE]);
  return trimWhitespace(s.replace(/[ \t]+/g, ' '));
}

/**
 * GitHub-style base slug of a heading title (no duplicate handling).
 * @param {string} title
 * @returns {string}
 */
export function slugify(title) {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/**
 * Every heading of the document, in order, with unique slugs.
 * @param {string} markdown
 * @returns {Array<{level: number, title: string, slug: string, line: number}>}
 * @throws {TypeError} if markdown is not a string
 */
export function extractHeadings(markdown) {
  if (typeof markdown !== 'string') throw new TypeError('markdown must be a string');
  const used = new Set();
  const headings = [];
  for (const { level, raw, line } of scanBlocks(markdown)) {
    const title = toTitle(raw);
    if (title === '') continue;
    const base = slugify(title);
    let slug = base;
    for (let n = 1; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    headings.push({ level, title, slug, line });
  }
  return headings;
}

function checkDepth(name, value) {
  if (!Number.isInteger(value) || value < 1 || value > 6) {
    throw new RangeError(`${name} must be an integer from 1 to 6`);
  }
}

/**
 * The table of contents as a nested Markdown list.
 * @param {string} markdown
 * @param {{minDepth?: number, maxDepth?: number}} [options]
 * @returns {string}
 * @throws {TypeError} if markdown is not a string
 * @throws {RangeError} on invalid depths
 */
export function generateToc(markdown, options = {}) {
  const { minDepth = 1, maxDepth = 6 } = options;
  checkDepth('minDepth', minDepth);
  checkDepth('maxDepth', maxDepth);
  if (minDepth > maxDepth) throw new RangeError('minDepth must not exceed maxDepth');
  const stack = [];
  const lines = [];
  for (const { level, title, slug } of extractHeadings(markdown)) {
    if (level < minDepth || level > maxDepth) continue;
    while (stack.length > 0 && stack[stack.length - 1] >= level) stack.pop();
    const text = title.replace(/[\\[\]]/g, '\\$&');
    lines.push(`${'  '.repeat(stack.length)}- [${text}](#${slug})`);
    stack.push(level);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
