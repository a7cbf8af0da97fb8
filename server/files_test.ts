import assert from "node:assert/strict";
import { join } from "node:path";
import {
  contentTypeFor,
  decodeSegments,
  fileResponse,
  parseRange,
  rawPath,
  resolveInside,
} from "./files.ts";

Deno.test("files - parses single byte ranges, and refuses ones outside the file", () => {
  assert.deepEqual(parseRange("bytes=0-9", 100), { start: 0, end: 9 });
  assert.deepEqual(parseRange("bytes=90-", 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange("bytes=-10", 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange("bytes=-500", 100), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=95-200", 100), { start: 95, end: 99 });
  assert.equal(parseRange("bytes=100-", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=5-2", 100), "unsatisfiable");
  assert.equal(parseRange("bytes=-0", 100), "unsatisfiable");
  // Not a single byte range: the whole file is sent instead.
  assert.equal(parseRange(null, 100), null);
  assert.equal(parseRange("bytes=0-1,5-6", 100), null);
  assert.equal(parseRange("items=0-1", 100), null);
  assert.equal(parseRange("bytes=-", 100), null);
});

Deno.test("files - content types for logs, diffs, json, source and unknown files", () => {
  assert.equal(contentTypeFor("stdout.log"), "text/plain; charset=utf-8");
  assert.equal(contentTypeFor("patch.diff"), "text/x-diff; charset=utf-8");
  assert.equal(contentTypeFor("result.json"), "application/json; charset=utf-8");
  assert.equal(contentTypeFor("calc.py"), "text/plain; charset=utf-8");
  assert.equal(contentTypeFor("index.html"), "text/html; charset=utf-8");
  assert.equal(contentTypeFor("blob"), "application/octet-stream");
});

Deno.test("files - the raw path keeps what URL parsing would normalize away", () => {
  assert.equal(rawPath("http://h:1/artifacts/%2e%2e/x?y=1"), "/artifacts/%2e%2e/x");
  assert.equal(rawPath("http://h/a/../b#f"), "/a/../b");
  assert.deepEqual(decodeSegments("/artifacts/run_1/a%20b/%2e%2e", "/artifacts/"), [
    "run_1",
    "a b",
    "..",
  ]);
  assert.equal(decodeSegments("/artifacts/%zz", "/artifacts/"), null);
  assert.equal(decodeSegments("/other/x", "/artifacts/"), null);
});

Deno.test("files - resolves only regular files whose real path stays under the root", async () => {
  const base = await Deno.makeTempDir();
  const root = join(base, "runs");
  await Deno.mkdir(join(root, "run_1"), { recursive: true });
  await Deno.writeTextFile(join(root, "run_1", "ok.txt"), "ok");
  await Deno.writeTextFile(join(base, "secret.txt"), "secret");
  await Deno.symlink(join(base, "secret.txt"), join(root, "run_1", "out.txt"));
  await Deno.symlink(join(root, "run_1", "ok.txt"), join(root, "run_1", "in.txt"));
  const real = await Deno.realPath(join(root, "run_1", "ok.txt"));

  assert.equal(await resolveInside(root, ["run_1", "ok.txt"]), real);
  assert.equal(await resolveInside(root, ["run_1", "in.txt"]), real);
  for (
    const bad of [
      ["run_1", "out.txt"],
      ["..", "secret.txt"],
      ["run_1", "..", "..", "secret.txt"],
      ["run_1", "../../secret.txt"],
      [join(base, "secret.txt")],
      ["run_1", "."],
      ["run_1"],
      ["run_1", "missing.txt"],
      ["run_1", "ok.txt\0"],
      [],
    ]
  ) {
    assert.equal(await resolveInside(root, bad), null, JSON.stringify(bad));
  }
});

Deno.test("files - a response streams the file, or the requested range of it", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "stdout.log");
  await Deno.writeTextFile(path, "0123456789");
  const get = (range?: string, method = "GET") =>
    fileResponse(
      path,
      new Request("http://h/x", { method, headers: range ? { Range: range } : {} }),
    );

  const whole = await get();
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get("content-length"), "10");
  assert.equal(whole.headers.get("accept-ranges"), "bytes");
  assert.equal(await whole.text(), "0123456789");

  const part = await get("bytes=3-5");
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), "bytes 3-5/10");
  assert.equal(await part.text(), "345");

  const tail = await get("bytes=-2");
  assert.equal(await tail.text(), "89");

  const outside = await get("bytes=10-");
  assert.equal(outside.status, 416);
  assert.equal(outside.headers.get("content-range"), "bytes */10");

  const head = await get(undefined, "HEAD");
  assert.equal(head.headers.get("content-length"), "10");
  assert.equal(head.body, null);
});
