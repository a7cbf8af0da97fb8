// Lazy answers (Aider's "lazy comments"): a file the model wrote back with placeholders
// instead of code — "rest of the code unchanged", "... existing code ...", "TODO:
// implement", or a bare `...` line — where the workspace had code. Applied literally, such
// a file loses the code it stood for. Placeholders the file already had (a starter's
// `def f(): ...` or `// TODO: implement`) are the task's, not the model's: only new ones
// count. Pure: no file system.

/** Comment text that stands for code left out. */
const PLACEHOLDER_PHRASES = [
  /\b(rest|remainder) of (the )?(code|file|implementation|function|class|methods?|module)\b/i,
  /\.\.\.?\s*(existing|previous|original|other|remaining|unchanged) (code|methods?|functions?|implementation)/i,
  /\b(existing|previous|original|other) (code|methods?|functions?|implementation) (here|unchanged|remains?|stays?|as before)\b/i,
  /\b(unchanged|same as before|as before)\s*(\.\.\.|…)?\s*$/i,
  /\bTODO:?\s*implement\b/i,
];

/** Starts of a comment in the catalog's languages. */
const COMMENT = /^\s*(#|\/\/|\/\*+|\*|<!--|--)\s*(.*?)\s*(\*\/|-->)?\s*$/;

/** A line that is only an ellipsis, bare or commented (`...`, `# ...`, `// …`). */
const BARE_ELLIPSIS = /^\s*(#|\/\/|\/\*+|<!--)?\s*(\.\.\.|…)\s*(\*\/|-->)?\s*$/;

/** The placeholder lines of `text`, trimmed (a multiset: one entry per line). */
export function placeholderLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (BARE_ELLIPSIS.test(line)) {
      out.push(line.trim());
      continue;
    }
    const comment = COMMENT.exec(line);
    if (comment && PLACEHOLDER_PHRASES.some((p) => p.test(comment[2]))) out.push(line.trim());
  }
  return out;
}

/** True when `text` has code: a line that is neither blank, a comment nor a placeholder. */
function hasCode(text: string): boolean {
  return text.split(/\r?\n/).some((l) =>
    l.trim() !== "" && !COMMENT.test(l) && !BARE_ELLIPSIS.test(l)
  );
}

/**
 * Whether the file the model wrote (`after`) is lazy against what the workspace had
 * (`before`; null for a new file): it had code, and `after` has placeholder lines that
 * `before` did not have (counted per distinct line).
 */
export function isLazyFile(before: string | null, after: string): boolean {
  if (before === null || !hasCode(before)) return false;
  const had = new Map<string, number>();
  for (const l of placeholderLines(before)) had.set(l, (had.get(l) ?? 0) + 1);
  for (const l of placeholderLines(after)) {
    const n = had.get(l) ?? 0;
    if (n === 0) return true;
    had.set(l, n - 1);
  }
  return false;
}
