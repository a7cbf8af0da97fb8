import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { listFiles } from "../safe_fs.ts";
import { readJsonl, writeFolder } from "./write.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("task writer", () => {
  it("writes a folder once, then leaves identical bytes alone and rewrites a drifted one", async () => {
    const dir = join(await Deno.makeTempDir(), "t");
    const files = new Map([["a.txt", bytes("a\n")], ["sub/b.txt", bytes("b\n")]]);
    assert.equal(await writeFolder(dir, files, ["empty"]), "written");
    assert.deepEqual(await listFiles(dir), ["a.txt", "sub/b.txt"]);
    assert.ok((await Deno.stat(join(dir, "empty"))).isDirectory);
    assert.equal(await writeFolder(dir, files), "unchanged");
    await Deno.writeTextFile(join(dir, "stray.txt"), "x");
    assert.equal(await writeFolder(dir, files), "written");
    assert.deepEqual(await listFiles(dir), ["a.txt", "sub/b.txt"]);
    await Deno.writeTextFile(join(dir, "a.txt"), "changed\n");
    assert.equal(await writeFolder(dir, files), "written");
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "a\n");
  });
});

describe("JSON lines reader", () => {
  it("reads gzipped lines and ignores blank ones", async () => {
    const path = await Deno.makeTempFile({ suffix: ".jsonl.gz" });
    const gz = new Blob(['{"a":1}\n\n{"a":2}\n']).stream()
      .pipeThrough(new CompressionStream("gzip"));
    await Deno.writeFile(path, new Uint8Array(await new Response(gz).arrayBuffer()));
    assert.deepEqual(await readJsonl(path), [{ a: 1 }, { a: 2 }]);
  });
});
