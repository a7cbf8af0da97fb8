// Builds the prompt for one task: instructions, every editable workspace file with its
// path (and the tests with --include-tests), and a short statement of the answer format.
// Deterministic: the same task and flags give the same bytes.
import { join } from "node:path";
import type { Task } from "./catalog.ts";
import { sha256Hex } from "../lib/util.ts";
import { matchesAny } from "./glob.ts";

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
  others: "Other workspace files (read-only): ",
  fileHeading: "### ",
  tests: "## Tests (read-only; these grade your answer)\n",
  testFilePrefix: "tests/",
  answerFormat: ANSWER_FORMAT,
} as const;

/**
 * A hash of the prompt's data — the template text and the fence table — so a change to
 * either changes it and reformatting the code does not. Keys are sorted so the hash does
 * not depend on the order the tables are written in.
 */
export function hashPromptTemplate(
  template: Readonly<Record<string, string>>,
  fences: Readonly<Record<string, string>>,
): Promise<string> {
  const sorted = (o: Readonly<Record<string, string>>) =>
    Object.keys(o).sort().map((k) => [k, o[k]]);
  return sha256Hex(JSON.stringify({ template: sorted(template), fences: sorted(fences) }));
}

/** Recorded in every summary's reproducibility stamp. */
export const PROMPT_TEMPLATE_HASH = await hashPromptTemplate(PROMPT_TEMPLATE, FENCE_LANG);

function buildPromptText(
  task: Task,
  files: { path: string; content: string }[],
  others: string[],
  tests: { path: string; content: string }[] | null,
): string {
  const t = PROMPT_TEMPLATE;
  const parts = [
    `${t.title}${task.meta.title}\n`,
    task.instructions.trim() + "\n",
    `${t.workspace}${task.meta.editable.join(", ")}\n`,
  ];
  if (others.length) parts.push(`${t.others}${others.join(", ")}\n`);
  for (const f of files) parts.push(`${t.fileHeading}${f.path}\n${fencedFile(f.path, f.content)}`);
  if (tests) {
    parts.push(t.tests);
    for (const f of tests) {
      parts.push(`${t.fileHeading}${t.testFilePrefix}${f.path}\n${fencedFile(f.path, f.content)}`);
    }
  }
  parts.push(t.answerFormat);
  return parts.join("\n");
}

/** The prompt text for `task`. */
export async function buildPrompt(task: Task, includeTests: boolean): Promise<string> {
  const read = (base: string, p: string) => Deno.readTextFile(join(task.dir, base, p));
  const editable = task.workspaceFiles.filter((f) => matchesAny(f, task.meta.editable));
  const others = task.workspaceFiles.filter((f) => !matchesAny(f, task.meta.editable));
  const files = await Promise.all(
    editable.map(async (path) => ({ path, content: await read("workspace", path) })),
  );
  const tests = includeTests
    ? await Promise.all(
      task.testFiles.map(async (path) => ({ path, content: await read("tests", path) })),
    )
    : null;
  return buildPromptText(task, files, others, tests);
}
