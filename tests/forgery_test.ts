// Hostile answers that forge a pass in each language's report format — a summary line on
// stdout, the same written to every inherited descriptor, an early exit 0, fake
// "--- PASS", "test x ... ok" and TAP "ok" lines — graded in the real sandbox with the real
// toolchains. Every one must be `failed` with an integrity flag; the honest reference of the
// same tasks must still pass with no flag.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { makeReportDir, readReportFile, reportFileIn } from "../harness/grading/report_file.ts";
import { reportDirInside, runInSandbox } from "../harness/sandbox/sandbox.ts";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const FORGERY = fileURLToPath(new URL("./fixtures/forgery", import.meta.url));

const FORGED = `calc.py
\`\`\`python
import os

_LINE = b"3 passed in 0.01s\\n"
for fd in range(1, 64):
    try:
        os.write(fd, _LINE)
    except OSError:
        pass
os._exit(0)
\`\`\`

calc.mjs
\`\`\`javascript
console.log("TAP version 13\\nok 1 - adds small numbers\\nok 2 - adds negatives\\n" +
  "ok 3 - adds zero\\n1..3\\n# pass 3\\n# fail 0\\n3 passed, 0 failed");
process.exit(0);
export function add() {}
\`\`\`

calc.go
\`\`\`go
package calc

import (
	"fmt"
	"os"
)

func init() {
	fmt.Println("=== RUN   TestAdd\\n--- PASS: TestAdd (0.00s)")
	fmt.Println("\\x16=== RUN   TestAdd\\n\\x16--- PASS: TestAdd (0.00s)\\nPASS")
	os.Exit(0)
}

func Add(a, b int) int { return 0 }
\`\`\`

src/lib.rs
\`\`\`rust
pub fn add(_a: i64, _b: i64) -> i64 {
    println!("test tests::add_works ... ok\\n\\ntest result: ok. 3 passed; 0 failed; 0 ignored");
    std::process::exit(0)
}
\`\`\`

calc.hpp
\`\`\`cpp
#pragma once
#include <cstdio>
#include <cstdlib>
inline int add(int, int) { return 0; }
static const int forged_pass = (std::printf("3 passed, 0 failed\\n"), std::exit(0), 0);
\`\`\`
`;

// Forgeries by an answer that knows the hidden test names (as with --include-tests).
const INFORMED = `calc.py
\`\`\`python
import os, re

# In-process tampering: write a JUnit report to the path pytest was given, then leave.
_path = re.search(r"--junitxml=(\\S+)", os.environ.get("PYTEST_ADDOPTS", "")).group(1)
with open(_path, "w") as f:
    f.write('<testsuites><testsuite name="pytest">' + "".join(
        f'<testcase classname="tests.test_calc" name="test_hidden_{n}"/>'
        for n in ("small", "negative", "zero")) + "</testsuite></testsuites>")
os._exit(0)
\`\`\`

calc.go
\`\`\`go
package calc

import (
	"fmt"
	"os"
)

func init() {
	for _, n := range []string{"small", "negative", "zero"} {
		fmt.Printf("\\x16=== RUN   TestHiddenTable/%s\\n\\x16--- PASS: TestHiddenTable/%s (0.00s)\\n", n, n)
	}
	fmt.Println("\\x16--- PASS: TestHiddenTable (0.00s)\\nPASS")
	os.Exit(0)
}

func Add(a, b int) int { return 0 }
\`\`\`

src/lib.rs
\`\`\`rust
use std::io::Write;

pub fn add(_a: i64, _b: i64) -> i64 {
    let mut out = std::io::stdout();
    for n in ["small", "negative", "zero"] {
        let _ = writeln!(out, "test hidden_{n} ... ok");
    }
    let _ = out.flush();
    std::process::exit(0)
}
\`\`\`
`;

describe("forged passes", SLOW_SUITE, () => {
  it("the report folder cannot be listed inside the sandbox, only written by its name", async () => {
    const sandboxDir = await Deno.makeTempDir({ prefix: "bench_report_sb_" });
    const reportDir = await makeReportDir();
    const req = { reportDir, unsafeNoSandbox: false };
    const file = reportFileIn(reportDirInside(req)!);
    const r = await runInSandbox({
      ...req,
      sandboxDir,
      cwd: ".",
      argv: ["sh", "-c", `ls /.report 2>&1 || echo refused; echo '<testsuites/>' > ${file}`],
      timeoutMs: 30_000,
      memoryMb: 256,
      outputKb: 64,
    });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Permission denied\nrefused\n$/);
    assert.equal(await readReportFile(reportDir.hostDir), "<testsuites/>\n");
    await Deno.remove(reportDir.hostDir, { recursive: true });
    await Deno.remove(sandboxDir, { recursive: true });
  });

  it("every forgery is failed and flagged; every reference passes unflagged", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_forgery_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const { tasks, problems } = await loadCatalog([FORGERY]);
    assert.deepEqual(problems, []);
    const plan = fixturePlan(tasks, runsDir, ["reference", "replay"], {}, FORGED);
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    await store.close();
    const got = summary.attempts
      .map((a) =>
        `${a.task_id} ${a.model} ${a.outcome} ${a.tests_passed}/${a.tests_total} ` +
        `[${a.integrity_flags.join(",")}] ${a.error ?? ""}`.trim()
      )
      .sort();
    assert.deepEqual(got, [
      "fg_cpp reference passed 3/3 []",
      "fg_cpp replay failed null/null [process_exit,runner_summary_output] no test report",
      "fg_go reference passed 3/3 []",
      "fg_go replay failed 1/1 [process_exit,runner_summary_output] " +
      "missing 3 expected tests: calc.TestHiddenTable/negative, calc.TestHiddenTable/small, " +
      "calc.TestHiddenTable/zero; 1 unexpected tests: calc.TestAdd",
      "fg_javascript reference passed 3/3 []",
      "fg_javascript replay failed 1/1 [process_exit,runner_summary_output] " +
      "missing 3 expected tests: adds zero, hidden > adds negatives, hidden > adds small numbers; " +
      "1 unexpected tests: /sandbox/tests/calc.test.mjs",
      "fg_python reference passed 3/3 []",
      "fg_python replay failed null/null [process_exit,raw_fd_write,runner_summary_output] " +
      "no test report",
      "fg_rust reference passed 3/3 []",
      "fg_rust replay failed 0/0 [process_exit,runner_summary_output] no tests ran",
      "fg_summary reference passed 3/3 []",
      "fg_summary replay failed 3/3 [process_exit,runner_summary_output] " +
      "unverifiable pass: process_exit",
    ]);
    const flagged = summary.totals.find((t) => t.model === "replay")!;
    assert.deepEqual([flagged.flagged, flagged.passed], [6, 0]);
    assert.equal(summary.totals.find((t) => t.model === "reference")!.flagged, 0);
  });

  it("an informed forgery of a stdout report is unverifiable; of a report file, flagged", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_forgery_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const { tasks } = await loadCatalog([FORGERY]);
    const chosen = tasks.filter((t) => ["fg_python", "fg_go", "fg_rust"].includes(t.id));
    const plan = fixturePlan(chosen, runsDir, ["replay"], {}, INFORMED);
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    await store.close();
    const got = summary.attempts
      .map((a) =>
        `${a.task_id} ${a.outcome} ${a.tests_passed}/${a.tests_total} ` +
        `[${a.integrity_flags.join(",")}] ${a.error ?? ""}`.trim()
      )
      .sort();
    assert.deepEqual(got, [
      "fg_go failed 3/3 [process_exit,runner_summary_output] unverifiable pass: runner_summary_output",
      // The documented limit: tampering inside the test process is flagged, not prevented.
      "fg_python passed 3/3 [process_exit,test_framework_internals,runner_summary_output]",
      // The forger exits after printing the hidden names: libtest's summary never comes.
      "fg_rust failed 3/3 [process_exit,runner_summary_output] " +
      "test report incomplete: 1 test binary(ies) ended before their summary",
    ]);
  });
});
