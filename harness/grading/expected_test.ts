import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkReference,
  EXPECTED_FILE,
  expectedFrom,
  expectedMismatch,
  ExpectedTestsError,
  loadExpected,
  writeExpected,
} from "./expected.ts";

describe("expected tests", () => {
  it("round-trips sorted ids, or a count for formats without names", async () => {
    const dir = await Deno.makeTempDir();
    assert.equal(await loadExpected(dir), null);
    const ids = expectedFrom({ b: "passed", a: "passed" }, 2);
    assert.deepEqual(ids, { version: 1, ids: ["a", "b"] });
    await writeExpected(dir, ids);
    assert.deepEqual(await loadExpected(dir), ids);
    assert.deepEqual(expectedFrom(null, 7), { version: 1, count: 7 });
    await Deno.remove(dir, { recursive: true });
  });

  it("a malformed file is one line naming it", async () => {
    const dir = await Deno.makeTempDir();
    const path = join(dir, EXPECTED_FILE);
    await Deno.writeTextFile(path, '{"version": 1, "ids": "a"}');
    await assert.rejects(loadExpected(dir), (e: Error) => {
      assert.ok(e instanceof ExpectedTestsError);
      assert.equal(
        e.message,
        `${path}: expected {"version": 1, "ids": [...]} or {"version": 1, "count": N}`,
      );
      return true;
    });
    await Deno.writeTextFile(path, "{");
    await assert.rejects(loadExpected(dir), /invalid JSON/);
    await Deno.remove(dir, { recursive: true });
  });

  it("names at most three tests of a difference", () => {
    const expected = { version: 1 as const, ids: ["a", "b", "c", "d", "e"] };
    assert.equal(
      expectedMismatch(expected, { a: "passed" }, 1),
      "missing 4 expected tests: b, c, d…",
    );
    assert.equal(expectedMismatch({ version: 1, ids: ["a"] }, { a: "failed" }, 1), null);
  });

  it("validate - writes from a passing reference, warns on skipped tests and a missing file", async () => {
    const dir = await Deno.makeTempDir();
    const reported = { tests: { b: "passed" as const, a: "passed" as const }, skipped: ["slow"] };
    assert.deepEqual(
      await checkReference(dir, { outcome: "passed", tests_total: 2 }, reported, false),
      {
        warnings: [
          "reference skipped 1 tests (not run, not expected): slow",
          "no tests.expected.json (run validate-tasks --write-expected)",
        ],
        wrote: false,
      },
    );
    const failed = await checkReference(dir, { outcome: "failed", tests_total: 2 }, reported, true);
    assert.equal(failed.wrote, false);
    assert.equal(await loadExpected(dir), null);
    const ok = await checkReference(dir, { outcome: "passed", tests_total: 2 }, reported, true);
    assert.equal(ok.wrote, true);
    assert.deepEqual(await loadExpected(dir), { version: 1, ids: ["a", "b"] });
    await Deno.remove(dir, { recursive: true });
  });
});
