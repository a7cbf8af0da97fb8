// Applies parsed edits to a copy of the workspace: only paths matching `editable` are
// written (anything else is refused and recorded), diffs are applied with tolerance for
// offset and whitespace, and the result is summarised as a unified diff (patch.diff).
// Whatever an answer makes go wrong (odd paths, a file where a folder is, too many edits)
// is reported as a failure naming the path as written, never as a fault of the harness.
import { dirname, join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { listFiles } from "../safe_fs.ts";
import { matchesAny } from "../glob.ts";
import { type Edit, type Hunk, MAX_EDITS, type ParsedAnswer } from "./parse.ts";

export interface ApplyReport {
  applied: string[];
  refused: { path: string; reason: string }[];
  failed: { path: string; reason: string }[];
  /** Unified diff of the workspace before and after. */
  patch: string;
}

/** Thrown when an edit cannot be applied (hunk not found, bad path, file in the way). */
export class PatchError extends Error {}

/** Longest path an answer may write, and longest single name in it (ext4's limit). */
const MAX_PATH_CHARS = 1024;
const MAX_NAME_CHARS = 255;

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/g;

/** Paths in messages are cut to this many characters (a hostile one may be 1000s). */
const SHOWN_PATH_CHARS = 100;

/** `path` fit for a one-line message: control characters shown as `\xNN`, cut if long. */
function printable(path: string): string {
  const cut = path.length > SHOWN_PATH_CHARS ? `${path.slice(0, SHOWN_PATH_CHARS)}…` : path;
  return cut.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Why `path` (normalised) cannot be written, or null when it can. */
function badPath(path: string): string | null {
  if (path.search(CONTROL) >= 0) return "path contains a control character";
  if (path.endsWith("/")) return "path names a folder, not a file";
  if (path.length > MAX_PATH_CHARS) return `path too long (${path.length} > ${MAX_PATH_CHARS})`;
  if (path.split("/").some((n) => n.length > MAX_NAME_CHARS)) {
    return `path has a name longer than ${MAX_NAME_CHARS} characters`;
  }
  return null;
}

/**
 * Throws PatchError when a file stands where `path` needs a folder, or a folder where it
 * needs a file: the file system's own errors would name the host path.
 */
async function checkPlace(workspaceDir: string, path: string, deleting: boolean) {
  const parts = path.split("/");
  for (let i = 1; i <= parts.length; i++) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(join(workspaceDir, ...parts.slice(0, i)));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    const prefix = parts.slice(0, i).join("/");
    if (i < parts.length && !info.isDirectory) {
      throw new PatchError(`${prefix} is a file, not a folder`);
    }
    if (i === parts.length && !info.isFile && !(deleting && info.isSymlink)) {
      throw new PatchError(info.isDirectory ? "is a folder, not a file" : "is not a regular file");
    }
  }
}

/**
 * Cleans a path as written by a model. Returns null for absolute paths and `..`.
 * A leading `./` or `workspace/` is dropped when that makes it editable.
 */
export function normalisePath(raw: string, editable: readonly string[]): string | null {
  let p = raw.trim().replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  if (p.startsWith("/") || p.split("/").includes("..") || p === "") return null;
  p = p.replace(/\/+/g, "/");
  if (!matchesAny(p, editable) && p.startsWith("workspace/")) {
    const inner = p.slice("workspace/".length);
    if (matchesAny(inner, editable)) p = inner;
  }
  return p;
}

const sameLine = [
  (a: string, b: string) => a === b,
  (a: string, b: string) => a.trimEnd() === b.trimEnd(),
  (a: string, b: string) => a.trim() === b.trim(),
];

function blockAt(lines: string[], at: number, block: string[], eq: typeof sameLine[0]): boolean {
  if (at < 0 || at + block.length > lines.length) return false;
  return block.every((l, k) => eq(lines[at + k], l));
}

/** Finds `block` in `lines` nearest to `expected`, trying exact then looser comparisons. */
export function locate(lines: string[], block: string[], expected: number, from = 0): number {
  for (const eq of sameLine) {
    for (let d = 0; d <= lines.length; d++) {
      for (const at of d === 0 ? [expected] : [expected - d, expected + d]) {
        if (at >= from && blockAt(lines, at, block, eq)) return at;
      }
    }
  }
  return -1;
}

/** Applies hunks to `text`. Throws PatchError naming the first hunk that does not fit. */
export function applyHunks(text: string, hunks: Hunk[]): string {
  const endsWithNewline = text === "" || text.endsWith("\n");
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  let delta = 0;
  let from = 0;
  hunks.forEach((h, n) => {
    const oldLines = h.lines.filter((l) => l[0] !== "+").map((l) => l.slice(1));
    const newLines = h.lines.filter((l) => l[0] !== "-").map((l) => l.slice(1));
    const expected = h.oldStart ? Math.max(0, h.oldStart - 1 + delta) : from;
    let at: number;
    if (oldLines.length === 0) at = h.oldStart === 0 ? 0 : Math.min(expected, lines.length);
    else {
      at = locate(lines, oldLines, expected, from);
      if (at < 0) at = locate(lines, oldLines, expected, 0);
      if (at < 0) {
        throw new PatchError(`hunk ${n + 1} does not match (first line: ${oldLines[0].trim()})`);
      }
    }
    // Context lines keep the file's own text: tolerance must never rewrite them.
    const replacement: string[] = [];
    let k = at;
    for (const l of h.lines) {
      if (l[0] === "+") replacement.push(l.slice(1));
      else if (l[0] === " ") replacement.push(lines[k++] ?? l.slice(1));
      else k++;
    }
    lines.splice(at, oldLines.length, ...replacement);
    delta += newLines.length - oldLines.length;
    from = at + newLines.length;
  });
  return lines.join("\n") + (endsWithNewline || lines.length ? "\n" : "");
}

/** Replaces the first occurrence of `search` (exact, else line-wise ignoring trailing space). */
export function applySearchReplace(text: string, search: string, replace: string): string {
  if (search.trim() === "") return text + (text && !text.endsWith("\n") ? "\n" : "") + replace;
  const exact = text.indexOf(search);
  if (exact >= 0) return text.slice(0, exact) + replace + text.slice(exact + search.length);
  const lines = text.split("\n");
  const block = search.split("\n");
  const at = locate(lines, block, 0);
  if (at < 0) throw new PatchError(`SEARCH text not found (first line: ${block[0].trim()})`);
  lines.splice(at, block.length, ...replace.split("\n"));
  return lines.join("\n");
}

async function readOrNull(p: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(p);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Every file below `dir` (relative path → text): what `unifiedDiff` compares. */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(dir)) out.set(f, await Deno.readTextFile(join(dir, f)));
  return out;
}

/** Picks the target of a lone unnamed block: the task's one editable file, if there is one. */
function singleFileEdits(parsed: ParsedAnswer, editableFiles: string[]): Edit[] {
  if (parsed.edits.length > 0 || editableFiles.length !== 1) return [];
  const [file] = editableFiles;
  const ext = file.split(".").pop()!.toLowerCase();
  let blocks = parsed.unnamedBlocks;
  if (blocks.length > 1) {
    blocks = blocks.filter((b) => {
      const lang = b.info.split(/\s+/)[0].toLowerCase();
      return lang === ext || LANG_OF_EXT[ext]?.includes(lang);
    });
  }
  return blocks.length === 1 ? [{ kind: "file", path: file, content: blocks[0].content }] : [];
}

const LANG_OF_EXT: Record<string, string[]> = {
  py: ["python", "py"],
  js: ["javascript", "js"],
  mjs: ["javascript", "js", "mjs"],
  cjs: ["javascript", "js", "cjs"],
  go: ["go", "golang"],
  rs: ["rust", "rs"],
  cpp: ["cpp", "c++"],
  hpp: ["cpp", "c++", "hpp"],
  h: ["c", "cpp", "c++", "h"],
  html: ["html"],
};

/**
 * Applies `parsed` to `workspaceDir` in place under the `editable` rule. Never throws for a
 * bad edit: refusals and failures are reported; only I/O faults throw.
 */
export async function applyAnswer(
  workspaceDir: string,
  parsed: ParsedAnswer,
  editable: readonly string[],
): Promise<ApplyReport> {
  const before = await snapshot(workspaceDir);
  const editableFiles = [...before.keys()].filter((f) => matchesAny(f, editable));
  const edits = [...parsed.edits, ...singleFileEdits(parsed, editableFiles)];
  const report: ApplyReport = { applied: [], refused: [], failed: [], patch: "" };
  if (edits.length > MAX_EDITS) {
    report.failed.push({ path: "(answer)", reason: `too many edits (more than ${MAX_EDITS})` });
    return report;
  }
  for (const edit of edits) {
    const path = normalisePath(edit.path, editable);
    if (path === null) {
      report.refused.push({ path: printable(edit.path), reason: "outside the workspace" });
      continue;
    }
    const bad = badPath(path);
    if (bad) {
      report.failed.push({ path: printable(path), reason: bad });
      continue;
    }
    if (!matchesAny(path, editable)) {
      report.refused.push({ path: printable(path), reason: "not editable" });
      continue;
    }
    const target = join(workspaceDir, path);
    try {
      await checkPlace(workspaceDir, path, edit.kind === "diff" && edit.isDelete);
      const current = await readOrNull(target);
      let next: string | null;
      if (edit.kind === "file") next = edit.content;
      else if (edit.kind === "search_replace") {
        next = applySearchReplace(current ?? "", edit.search, edit.replace);
      } else if (edit.isDelete) next = null;
      else {
        if (current === null && !edit.isNew) throw new PatchError("file does not exist");
        next = applyHunks(edit.isNew ? "" : current ?? "", edit.hunks);
      }
      if (next === null) await Deno.remove(target).catch(() => {});
      else {
        await Deno.mkdir(dirname(target), { recursive: true });
        await Deno.writeTextFile(target, next);
      }
      if (!report.applied.includes(path)) report.applied.push(path);
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      report.failed.push({ path: printable(path), reason: e.message });
    }
  }
  report.patch = unifiedDiff(before, await snapshot(workspaceDir));
  return report;
}

/** The unified diff (patch.diff) from one snapshot of a workspace to another. */
export function unifiedDiff(before: Map<string, string>, after: Map<string, string>): string {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names
    .filter((n) => before.get(n) !== after.get(n))
    .map((n) =>
      createTwoFilesPatch(
        before.has(n) ? `a/${n}` : "/dev/null",
        after.has(n) ? `b/${n}` : "/dev/null",
        before.get(n) ?? "",
        after.get(n) ?? "",
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/, "")
    )
    .join("");
}
