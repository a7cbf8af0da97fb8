import { deepStrictEqual, notDeepStrictEqual } from "node:assert/strict";
import { join } from "node:path";
import { loadTask } from "./catalog.ts";
import {
  buildPrompt,
  FENCE_LANG,
  fencedFile,
  hashPromptTemplate,
  PROMPT_TEMPLATE,
  PROMPT_TEMPLATE_HASH,
  SHOWN_FILE_MAX_BYTES,
} from "./prompt.ts";

Deno.test("prompt template hash - is the hash of the template text and the fence table", async () => {
  deepStrictEqual(await hashPromptTemplate(PROMPT_TEMPLATE, FENCE_LANG), PROMPT_TEMPLATE_HASH);
  deepStrictEqual(PROMPT_TEMPLATE_HASH.length, 64);
});

Deno.test("prompt template hash - changing one fence entry changes it", async () => {
  const fences = { ...FENCE_LANG, h: "c" };
  notDeepStrictEqual(await hashPromptTemplate(PROMPT_TEMPLATE, fences), PROMPT_TEMPLATE_HASH);
  const added = { ...FENCE_LANG, ts: "typescript" };
  notDeepStrictEqual(await hashPromptTemplate(PROMPT_TEMPLATE, added), PROMPT_TEMPLATE_HASH);
});

Deno.test("prompt template hash - changing the template text changes it", async () => {
  const template = { ...PROMPT_TEMPLATE, title: "# Problem: " };
  notDeepStrictEqual(await hashPromptTemplate(template, FENCE_LANG), PROMPT_TEMPLATE_HASH);
});

Deno.test("prompt template hash - does not depend on the order entries are written in", async () => {
  const reversed = Object.fromEntries(Object.entries(FENCE_LANG).reverse());
  deepStrictEqual(await hashPromptTemplate(PROMPT_TEMPLATE, reversed), PROMPT_TEMPLATE_HASH);
});

Deno.test("fenced file - the fence language comes from the table and outgrows inner backticks", () => {
  deepStrictEqual(fencedFile("src/a.rs", "fn main() {}"), "```rust src/a.rs\nfn main() {}\n```\n");
  deepStrictEqual(fencedFile("notes.txt", "a ```b```\n"), "```` notes.txt\na ```b```\n````\n");
});

/** A catalog with one Go task: an editable file, a read-only interface, a file over the cap,
 * a binary file, a shared fixture folder and a test file over the cap. */
async function promptCatalog(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bench_prompt_" });
  const dir = join(root, "go_shapes");
  const write = async (rel: string, data: string | Uint8Array) => {
    await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
    if (typeof data === "string") await Deno.writeTextFile(join(dir, rel), data);
    else await Deno.writeFile(join(dir, rel), data);
  };
  await write(
    "metadata.json",
    JSON.stringify({
      id: "go_shapes",
      title: "Shapes",
      language: "go",
      category: "feature",
      difficulty: "easy",
      tags: [],
      editable: ["area.go"],
      evaluation: {
        command: ["go", "test", "-json", "./..."],
        cwd: "workspace",
        report: "go-json",
        timeout_s: 60,
      },
      shared: ["catch2_x"],
    }),
  );
  await write("instructions.md", "Implement Area.\n");
  await write("workspace/area.go", "package shapes\n");
  await write("workspace/shape.go", "package shapes\n\ntype Shape interface{ Area() float64 }\n");
  await write("workspace/table.txt", "x".repeat(SHOWN_FILE_MAX_BYTES + 1));
  await write("workspace/logo.bin", new Uint8Array([0xff, 0xfe, 0x00]));
  await write("solution/area.go", "package shapes\n");
  await write("tests/area_test.go", "package shapes\n");
  await write("tests/vendor/catch.hpp", "y".repeat(SHOWN_FILE_MAX_BYTES + 1));
  await Deno.mkdir(join(root, "_shared", "catch2_x", "catch2"), { recursive: true });
  await Deno.writeTextFile(join(root, "_shared", "catch2_x", "catch2", "catch.hpp"), "z");
  return dir;
}

const PROMPT_HEAD = "# Task: Shapes\n\nImplement Area.\n\n" +
  "## Workspace\nEditable paths (globs, relative to the workspace root): area.go\n\n" +
  "### area.go\n```go area.go\npackage shapes\n```\n\n" +
  "## Read-only workspace files (for reference; do not change them)\n\n" +
  "### shape.go (read-only)\n```go shape.go\npackage shapes\n\n" +
  "type Shape interface{ Area() float64 }\n```\n\n" +
  "Not shown (over the size limit or not text): logo.bin, table.txt\n\n" +
  "Shared fixtures (read-only, not shown): catch2/catch.hpp\n\n";

Deno.test("prompt - read-only files are shown and marked; big, binary and shared ones named", async () => {
  const task = await loadTask(await promptCatalog());
  deepStrictEqual(await buildPrompt(task, false), PROMPT_HEAD + PROMPT_TEMPLATE.answerFormat);
});

Deno.test("prompt - with --include-tests, a test file over the cap is named, not pasted", async () => {
  const task = await loadTask(await promptCatalog());
  deepStrictEqual(
    await buildPrompt(task, true),
    PROMPT_HEAD + "## Tests (read-only; these grade your answer)\n\n" +
      "### tests/area_test.go\n```go area_test.go\npackage shapes\n```\n\n" +
      "Not shown (over the size limit or not text): tests/vendor/catch.hpp\n\n" +
      PROMPT_TEMPLATE.answerFormat,
  );
});

Deno.test("prompt template hash - the size cap is part of it", async () => {
  notDeepStrictEqual(
    await hashPromptTemplate(PROMPT_TEMPLATE, FENCE_LANG, SHOWN_FILE_MAX_BYTES + 1),
    PROMPT_TEMPLATE_HASH,
  );
});
