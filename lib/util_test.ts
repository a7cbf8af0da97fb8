import assert from "node:assert/strict";
import {
  closeMatches,
  didYouMean,
  ERROR_LINE_MAX,
  errorLine,
  findOnPath,
  processAlive,
  sha256Hex,
} from "./util.ts";

Deno.test("util - sha256Hex hashes strings as UTF-8 and bytes as they are", async () => {
  const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  assert.equal(await sha256Hex("abc"), abc);
  assert.equal(await sha256Hex(new Uint8Array([0x61, 0x62, 0x63])), abc);
});

Deno.test("util - close matches: nearest first, at most three, none when far", () => {
  assert.deepEqual(closeMatches("refrence", ["reference", "starter", "replay"]), ["reference"]);
  assert.deepEqual(closeMatches("go_lru", ["go_expert_lru_cache", "rust_x"]), []);
  assert.deepEqual(closeMatches("a", ["ab", "ac", "ad", "ae"]), ["ab", "ac", "ad"]);
  assert.equal(didYouMean("strter", ["starter"]), " (did you mean starter?)");
  assert.equal(didYouMean("zzzzzzzz", ["starter"]), "");
});

Deno.test("util - errorLine keeps the first line, cut at ERROR_LINE_MAX", () => {
  assert.equal(errorLine(new Error("first\nsecond")), "first");
  assert.equal(errorLine("plain"), "plain");
  assert.equal(errorLine(42), "42");
  const long = errorLine(new Error("x".repeat(ERROR_LINE_MAX + 50)));
  assert.equal(long.length, ERROR_LINE_MAX);
  assert.ok(long.endsWith("…"));
  assert.equal(errorLine(new Error("abcdef"), 4), "abc…");
});

Deno.test("util - findOnPath finds an executable, not a plain file or a folder", () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/tool`, "#!/bin/sh\n", { mode: 0o755 });
  Deno.writeTextFileSync(`${dir}/data`, "", { mode: 0o644 });
  Deno.mkdirSync(`${dir}/sub`);
  assert.equal(findOnPath("tool", `/nonexistent:${dir}`), `${dir}/tool`);
  assert.equal(findOnPath("data", dir), null);
  assert.equal(findOnPath("sub", dir), null);
  assert.equal(findOnPath("tool", undefined), null);
});

Deno.test("util - processAlive: this process yes, a finished child and pid 0 no", async () => {
  assert.equal(processAlive(Deno.pid), true);
  const child = new Deno.Command("sh", { args: ["-c", "exit 0"] }).spawn();
  await child.status;
  assert.equal(processAlive(child.pid), false);
  assert.equal(processAlive(0), false);
});
