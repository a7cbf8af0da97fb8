import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { attempt } from "../tests/attempts.ts";
import { EXPORT_COLUMNS, exportAttempts, type ExportFormat, exportLines } from "./export.ts";

const HOSTILE = attempt("py_x", "patch_error", {
  model: "openai/gpt-x",
  sample: 2,
  error: 'refused "../etc", then\r\nstopped, twice',
  edits_applied: ["a.py"],
  edits_refused: [{ path: '=HYPERLINK("http://evil")', reason: "outside the workspace" }],
  tests_passed: 0,
  tests_total: 4,
  cost_usd: 0.0125,
});
const RUNS = [
  { run_id: "run1", suite_id: "abc123def456", commit: "c0ffee", attempts: [HOSTILE] },
  { run_id: "run2", suite_id: null, commit: null, attempts: [attempt("go_y", "passed")] },
];

/** Parses CSV with python3's csv module, an implementation independent of ours. */
async function parseWithPython(csv: string): Promise<string[][]> {
  const out = await new Deno.Command("python3", {
    args: [
      "-c",
      "import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))",
    ],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = out.stdin.getWriter();
  await w.write(new TextEncoder().encode(csv));
  await w.close();
  const { stdout, success } = await out.output();
  assert.ok(success);
  return JSON.parse(new TextDecoder().decode(stdout));
}

describe("export", () => {
  it("has run, suite and commit, then every attempt field", () => {
    assert.deepEqual(
      [...EXPORT_COLUMNS].sort(),
      ["run_id", "suite_id", "commit", ...Object.keys(HOSTILE)].sort(),
    );
  });
  it("writes RFC 4180 CSV that python's csv module reads back cell for cell", async () => {
    const csv = exportAttempts("csv", RUNS);
    const rows = await parseWithPython(csv);
    assert.deepEqual(rows[0], [...EXPORT_COLUMNS]);
    const cell = (r: number, c: string) => rows[r][EXPORT_COLUMNS.indexOf(c as never)];
    assert.equal(rows.length, 3);
    assert.equal(cell(1, "error"), 'refused "../etc", then\r\nstopped, twice');
    assert.equal(
      cell(1, "edits_refused"),
      '[{"path":"=HYPERLINK(\\"http://evil\\")","reason":"outside the workspace"}]',
    );
    assert.deepEqual(
      ["run_id", "suite_id", "commit", "sample", "cost_usd", "cached", "grade_s"].map((c) =>
        cell(1, c)
      ),
      ["run1", "abc123def456", "c0ffee", "2", "0.0125", "false", ""],
    );
    assert.deepEqual([cell(2, "run_id"), cell(2, "suite_id"), cell(2, "outcome")], [
      "run2",
      "",
      "passed",
    ]);
  });
  it("ends CSV lines with CRLF and defuses cells a spreadsheet would run", () => {
    const a = attempt("t", "failed", { error: "=1+1", model: "@m" });
    const [header, line] = [...exportLines("csv", [{ ...RUNS[1], attempts: [a] }])];
    assert.ok(
      header.endsWith("output_truncated,integrity_flags,tries,passed_on_try,lazy,agent,worker\r\n"),
    );
    assert.equal(
      line,
      "run2,,,t,'@m,0,failed,,,1,,,,'=1+1,t__m__sample00,false,,,0,,[],[],false,[],[],,false,,\r\n",
    );
  });
  it("writes one JSON object per line with the same fields", () => {
    const lines = exportAttempts("jsonl", RUNS).split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[2], "");
    const first = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(first), [...EXPORT_COLUMNS]);
    assert.deepEqual(first, {
      run_id: "run1",
      suite_id: "abc123def456",
      commit: "c0ffee",
      ...HOSTILE,
    });
    assert.equal(first.edits_refused[0].path, '=HYPERLINK("http://evil")'); // JSONL stays raw
  });
  it("refuses an unknown format in one line", () => {
    assert.throws(() => exportAttempts("xml" as ExportFormat, RUNS), {
      name: "RangeError",
      message: 'unknown export format "xml" (one of csv, jsonl)',
    });
  });
});
