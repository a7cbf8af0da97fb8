import { deepStrictEqual, notDeepStrictEqual } from "node:assert/strict";
import {
  FENCE_LANG,
  fencedFile,
  hashPromptTemplate,
  PROMPT_TEMPLATE,
  PROMPT_TEMPLATE_HASH,
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
