// Builds the prompt for one task: instructions, every editable workspace file with its
// path, the read-only workspace files marked as such (as Aider shows them, so a model sees
// the interfaces it implements), the tests with --include-tests, and a short statement of
// the answer format. A read-only or test file over SHOWN_FILE_MAX_BYTES (a vendored
// catch.hpp is 657 KB), one that is not text, and the catalog's shared fixtures are named,
// not pasted. Deterministic: the same task and flags give the same bytes.
import { join } from "node:path";
import type { Task } from "./catalog.ts";
import { sha256Hex } from "../lib/util.ts";
import { matchesAny } from "./glob.ts";
import { listFiles } from "./safe_fs.ts";

/** Read-only workspace files and test files larger than this are named, not pasted. */
export const SHOWN_FILE_MAX_BYTES = 64 * 1024;

/** File extension → the language word of its fence; part of the template's hash. */
export const FENCE_LANG: Readonly<Record<string, string>> = {
  py: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  go: "go",
  rs: "rust",
  cpp: "cpp",
  hpp: "cpp",
  h: "cpp",
  html: "html",
  java: "java",
  css: "css",
  json: "json",
  toml: "toml",
  mod: "",
  sh: "bash",
  md: "markdown",
};

/** The language word for a fence around `path`. */
export function fenceLanguage(path: string): string {
  return FENCE_LANG[path.split(".").pop()!.toLowerCase()] ?? "";
}

/** A fence of backticks longer than any run inside `content`. */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** One file as a fenced block whose info string names its path. */
export function fencedFile(path: string, content: string): string {
  const fence = fenceFor(content);
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `${fence}${fenceLanguage(path)} ${path}\n${body}${fence}\n`;
}

const ANSWER_FORMAT = `## How to answer
Reply with the complete new contents of every file you change, each in its own fenced code
block whose info string is the language followed by the file's path, for example:

\`\`\`python path/to/file.py
...whole file...
\`\`\`

You may instead give unified diffs (a \`\`\`diff block with --- a/path and +++ b/path headers).
Paths are relative to the workspace root. Files you do not mention stay as they are. Only
files matching the editable patterns are applied; do not change the tests.
`;

/** The fixed text of the prompt, which buildPromptText joins with the task's own text. */
export const PROMPT_TEMPLATE = {
  title: "# Task: ",
  workspace: "## Workspace\nEditable paths (globs, relative to the workspace root): ",
  readOnly: "## Read-only workspace files (for reference; do not change them)\n",
  readOnlyMark: " (read-only)",
  notShown: "Not shown (over the size limit or not text): ",
  shared: "Shared fixtures (read-only, not shown): ",
  fileHeading: "### ",
  tests: "## Tests (read-only; these grade your answer)\n",
  testFilePrefix: "tests/",
  answerFormat: ANSWER_FORMAT,
} as const;

/**
 * A hash of the prompt's data — the template text, the fence table and the size limit — so
 * a change to any changes it and reformatting the code does not. Keys are sorted so the
 * hash does not depend on the order the tables are written in.
 */
export function hashPromptTemplate(
  template: Readonly<Record<string, string>>,
  fences: Readonly<Record<string, string>>,
  maxShownBytes = SHOWN_FILE_MAX_BYTES,
): Promise<string> {
  const sorted = (o: Readonly<Record<string, string>>) =>
    Object.keys(o).sort().map((k) => [k, o[k]]);
  return sha256Hex(
    JSON.stringify({ template: sorted(template), fences: sorted(fences), maxShownBytes }),
  );
}

/** Recorded in every summary's reproducibility stamp. */
export const PROMPT_TEMPLATE_HASH = await hashPromptTemplate(PROMPT_TEMPLATE, FENCE_LANG);

interface ShownFile {
  path: string;
  content: string;
}

/** Files split into those pasted and those only named (too big, or not UTF-8 text). */
interface FileGroup {
  shown: ShownFile[];
  named: string[];
}

interface PromptParts {
  editable: ShownFile[];
  readOnly: FileGroup;
  shared: string[];
  tests: FileGroup | null;
}

function buildPromptText(task: Task, p: PromptParts): string {
  const t = PROMPT_TEMPLATE;
  const block = (heading: string, f: ShownFile, mark = "") =>
    `${t.fileHeading}${heading}${mark}\n${fencedFile(f.path, f.content)}`;
  const parts = [
    `${t.title}${task.meta.title}\n`,
    task.instructions.trim() + "\n",
    `${t.workspace}${task.meta.editable.join(", ")}\n`,
  ];
  for (const f of p.editable) parts.push(block(f.path, f));
  if (p.readOnly.shown.length || p.readOnly.named.length || p.shared.length) {
    parts.push(t.readOnly);
    for (const f of p.readOnly.shown) parts.push(block(f.path, f, t.readOnlyMark));
    if (p.readOnly.named.length) parts.push(`${t.notShown}${p.readOnly.named.join(", ")}\n`);
    if (p.shared.length) parts.push(`${t.shared}${p.shared.join(", ")}\n`);
  }
  if (p.tests) {
    parts.push(t.tests);
    for (const f of p.tests.shown) parts.push(block(`${t.testFilePrefix}${f.path}`, f));
    if (p.tests.named.length) {
      parts.push(`${t.notShown}${p.tests.named.map((n) => t.testFilePrefix + n).join(", ")}\n`);
    }
  }
  parts.push(t.answerFormat);
  return parts.join("\n");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads `paths` under `base`, pasting those within the size limit that are UTF-8 text. */
async function readCapped(base: string, paths: string[]): Promise<FileGroup> {
  const group: FileGroup = { shown: [], named: [] };
  for (const path of paths) {
    const bytes = await Deno.readFile(join(base, path));
    let content: string | null = null;
    if (bytes.length <= SHOWN_FILE_MAX_BYTES) {
      try {
        content = utf8.decode(bytes);
      } catch { /* not text */ }
    }
    if (content === null) group.named.push(path);
    else group.shown.push({ path, content });
  }
  return group;
}

/** The files of the catalog's `_shared/` folders the task names (metadata `shared`). */
async function sharedFixtureNames(task: Task): Promise<string[]> {
  const names = Array.isArray(task.meta.shared) ? task.meta.shared.map(String) : [];
  const out: string[] = [];
  for (const name of names) {
    const files = await listFiles(join(task.catalogDir, "_shared", name)).catch(() => null);
    out.push(...(files ?? [name]));
  }
  return out;
}

/** The prompt text for `task`. */
export async function buildPrompt(task: Task, includeTests: boolean): Promise<string> {
  const workspace = join(task.dir, "workspace");
  const isEditable = (f: string) => matchesAny(f, task.meta.editable);
  const editable = await Promise.all(
    task.workspaceFiles.filter(isEditable).map(async (path) => ({
      path,
      content: await Deno.readTextFile(join(workspace, path)),
    })),
  );
  return buildPromptText(task, {
    editable,
    readOnly: await readCapped(workspace, task.workspaceFiles.filter((f) => !isEditable(f))),
    shared: await sharedFixtureNames(task),
    tests: includeTests ? await readCapped(join(task.dir, "tests"), task.testFiles) : null,
  });
}
