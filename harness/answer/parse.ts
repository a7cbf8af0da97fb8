// Reads the edits out of a model's answer, in every format of the task-format spec: a path
// line before a fence, a path in the fence info string, a `file:` first line, unified diffs
// (fenced or bare), SEARCH/REPLACE blocks, and a lone block for a single editable file.
// Answers are hostile: every pass is linear in the answer's size (no rescans from the top,
// no backtracking regex on an unbounded line), so a flood of fences cannot stall a run.

/** One edit the answer asks for; paths are as written (normalised later). */
export type Edit =
  | { kind: "file"; path: string; content: string }
  | { kind: "diff"; path: string; hunks: Hunk[]; isNew: boolean; isDelete: boolean }
  | { kind: "search_replace"; path: string; search: string; replace: string };

export interface Hunk {
  /** 1-based start line in the old file, or null when the header gave none. */
  oldStart: number | null;
  lines: string[]; // each starts with " ", "-" or "+"
}

interface Fence {
  info: string;
  body: string[];
  /** Index of the opening fence line in the answer. */
  start: number;
  end: number;
}

const LANG_WORDS = new Set([
  "python",
  "py",
  "javascript",
  "js",
  "mjs",
  "cjs",
  "typescript",
  "ts",
  "go",
  "golang",
  "rust",
  "rs",
  "cpp",
  "c++",
  "c",
  "h",
  "hpp",
  "html",
  "css",
  "json",
  "toml",
  "yaml",
  "yml",
  "sh",
  "bash",
  "shell",
  "text",
  "txt",
  "diff",
  "patch",
  "markdown",
  "md",
  "jsx",
  "tsx",
  "xml",
  "sql",
  "ini",
]);

const PATH_RE = /^[A-Za-z0-9_.\-/]+$/;
/** Lines longer than this never name a path; skipping them keeps the path regexes cheap. */
const MAX_PATH_LINE = 300;

/** True for strings that look like a file path (`a/b.py`, `Makefile`, `go.mod`). */
export function looksLikePath(s: string): boolean {
  if (!PATH_RE.test(s) || s.length > 200 || s.endsWith("/")) return false;
  if (LANG_WORDS.has(s.toLowerCase())) return false;
  const base = s.split("/").pop()!;
  return /\.[A-Za-z0-9]+$/.test(base) || /^(Makefile|Dockerfile|Cargo\.lock)$/.test(base) ||
    s.includes("/");
}

/** The path named by a line standing alone before a fence, or null. */
export function pathFromLine(line: string): string | null {
  let s = line.trim();
  if (!s || s.length > MAX_PATH_LINE) return null;
  s = s.replace(/^#{1,6}\s+/, "").replace(/^[-*]\s+/, "");
  s = s.replace(/^(\*\*|__)(.*)\1:?$/, "$2").trim();
  s = s.replace(/^(?:file(?:name)?|path)\s*:\s*/i, "");
  s = s.replace(/^(\*\*|__)(.*)\1$/, "$2").trim();
  s = s.replace(/^`([^`]+)`:?$/, "$1").replace(/:$/, "").trim();
  s = s.replace(/^(\*\*|__)(.*)\1$/, "$2").trim();
  return looksLikePath(s) ? s : null;
}

/** The path named in a fence info string (` ```python a.py `, ` ```rust:src/lib.rs `, title=). */
export function pathFromInfo(info: string): string | null {
  if (info.length > MAX_PATH_LINE) return null;
  const attr = /(?:title|file|filename|path)\s*=\s*["']?([^"'\s]+)["']?/i.exec(info);
  if (attr && looksLikePath(attr[1])) return attr[1];
  for (const token of info.trim().split(/\s+/)) {
    const colon = token.indexOf(":");
    if (colon > 0 && looksLikePath(token.slice(colon + 1))) return token.slice(colon + 1);
    if (looksLikePath(token)) return token;
  }
  return null;
}

const FILE_MARKER =
  /^\s*(?:#|\/\/|--|;|\/\*|<!--)\s*(?:file(?:name)?|path)\s*:\s*(\S+?)\s*(?:\*\/|-->)?\s*$/i;

/** Splits the answer into fenced blocks (``` or ~~~, a closing fence at least as long). */
export function findFences(lines: string[]): Fence[] {
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const marker = open[1];
    const closeRe = new RegExp(`^\\s{0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !closeRe.test(lines[j])) j++;
    out.push({ info: open[2].trim(), body: lines.slice(i + 1, j), start: i, end: j });
    i = j;
  }
  return out;
}

/** Parses unified-diff text into per-file diff edits. `hint` names the file if headers don't. */
export function parseUnifiedDiff(lines: string[], hint: string | null): Edit[] {
  const edits: Edit[] = [];
  let current: Extract<Edit, { kind: "diff" }> | null = null;
  let hunk: Hunk | null = null;
  const strip = (p: string) => p.replace(/\t.*$/, "").trim().replace(/^[ab]\//, "");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ")) {
      const oldPath = strip(line.slice(4));
      const newPath = strip(lines[i + 1].slice(4));
      const isNew = oldPath === "/dev/null";
      const isDelete = newPath === "/dev/null";
      current = { kind: "diff", path: isDelete ? oldPath : newPath, hunks: [], isNew, isDelete };
      edits.push(current);
      hunk = null;
      i++;
      continue;
    }
    const header = /^@@\s*(?:-(\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?)?\s*@@/.exec(line);
    if (header) {
      if (!current) {
        if (!hint) continue;
        current = { kind: "diff", path: hint, hunks: [], isNew: false, isDelete: false };
        edits.push(current);
      }
      hunk = { oldStart: header[1] ? Number(header[1]) : null, lines: [] };
      current.hunks.push(hunk);
      continue;
    }
    if (!hunk) continue;
    if (/^[ +-]/.test(line)) hunk.lines.push(line);
    else if (line === "") hunk.lines.push(" ");
    else if (line.startsWith("\\")) continue; // "\ No newline at end of file"
    else hunk = null;
  }
  return edits.filter((e) => e.kind !== "diff" || e.hunks.length > 0 || e.isDelete);
}

const SEARCH_RE = /^<{5,9} ?SEARCH\s*$/;
const DIVIDER_RE = /^={5,9}\s*$/;
const REPLACE_RE = /^>{5,9} ?REPLACE\s*$/;

/** Index of the first line at or after `from` matching `re`, or -1. */
function nextMatch(lines: string[], from: number, re: RegExp): number {
  for (let k = from; k < lines.length; k++) if (re.test(lines[k])) return k;
  return -1;
}

/** Parses SEARCH/REPLACE blocks in `lines` for `path`. */
export function parseSearchReplace(lines: string[], path: string): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!SEARCH_RE.test(lines[i])) continue;
    const mid = nextMatch(lines, i + 1, DIVIDER_RE);
    const end = mid < 0 ? -1 : nextMatch(lines, mid + 1, REPLACE_RE);
    if (mid < 0 || end < 0) break;
    edits.push({
      kind: "search_replace",
      path,
      search: lines.slice(i + 1, mid).join("\n"),
      replace: lines.slice(mid + 1, end).join("\n"),
    });
    i = end;
  }
  return edits;
}

function isDiffBody(info: string, body: string[]): boolean {
  const lang = info.split(/\s+/)[0].toLowerCase();
  if (lang === "diff" || lang === "patch") return true;
  return body.some((l, i) => l.startsWith("--- ") && body[i + 1]?.startsWith("+++ "));
}

/** The nearest non-blank line above line `at` (at most two lines up), or null. */
function lineAbove(lines: string[], at: number): string | null {
  for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
    if (lines[k].trim()) return lines[k];
  }
  return null;
}

/** More edits than this in one answer is refused whole (patch_error), not applied. */
export const MAX_EDITS = 500;

export interface ParsedAnswer {
  edits: Edit[];
  /** Fenced code blocks that named no file (kept for the single-file rule). */
  unnamedBlocks: { info: string; content: string }[];
}

/**
 * Reads every edit in `answer`. Blocks naming no file are returned in `unnamedBlocks` (the
 * caller applies the single-editable-file rule); prose is ignored.
 */
export function parseAnswer(answer: string): ParsedAnswer {
  const lines = answer.replace(/\r\n/g, "\n").split("\n");
  const fences = findFences(lines);
  const edits: Edit[] = [];
  const unnamedBlocks: ParsedAnswer["unnamedBlocks"] = [];
  for (const f of fences) {
    let body = f.body;
    let path = pathFromInfo(f.info);
    const marker = body.length && body[0].length <= MAX_PATH_LINE
      ? FILE_MARKER.exec(body[0])
      : null;
    if (marker && looksLikePath(marker[1])) {
      path ??= marker[1];
      body = body.slice(1);
    }
    const above = lineAbove(lines, f.start);
    if (!path && above) path = pathFromLine(above);
    if (body.some((l) => SEARCH_RE.test(l))) {
      if (path) edits.push(...parseSearchReplace(body, path));
      continue;
    }
    if (isDiffBody(f.info, body)) {
      edits.push(...parseUnifiedDiff(body, path));
      continue;
    }
    const content = body.join("\n") + "\n";
    if (path) edits.push({ kind: "file", path, content });
    else unnamedBlocks.push({ info: f.info, content });
  }
  // Outside fences: bare unified diffs and SEARCH/REPLACE blocks under a path line.
  const outside = lines.slice();
  for (const f of fences) outside.fill("", f.start, Math.min(f.end + 1, lines.length));
  edits.push(...parseUnifiedDiff(outside, null));
  for (let i = 0; i < outside.length; i++) {
    if (!SEARCH_RE.test(outside[i])) continue;
    const above = lineAbove(outside, i);
    const path = above ? pathFromLine(above) : null;
    const end = nextMatch(outside, i + 1, REPLACE_RE);
    if (end < 0) break; // no REPLACE below: rescanning for each later SEARCH would be quadratic
    if (path) edits.push(...parseSearchReplace(outside.slice(i, end + 1), path));
    i = end;
  }
  return { edits, unnamedBlocks };
}
