// Real compiler and runner output (testdata/, made by breaking a one-function task in each
// language) graded as `build_error` with the compiler's first error line.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { SandboxResult } from "../sandbox/sandbox.ts";
import { sandboxResult } from "../../tests/sandbox_results.ts";
import { firstErrorLine } from "./build_error.ts";
import { gradeResult } from "./outcome.ts";

const data = (name: string) =>
  Deno.readTextFileSync(fileURLToPath(new URL(`./testdata/${name}`, import.meta.url)));

const result = (over: Partial<SandboxResult>) => sandboxResult({ code: 1, ...over });

describe("build errors - the compiler's first error line", () => {
  it("g++: the diagnostic, not the 'In function' header", () => {
    assert.equal(
      firstErrorLine(data("gpp_build_error.txt")),
      "a.cpp:2:36: error: ‘c’ was not declared in this scope",
    );
  });

  it("g++ link: the undefined reference, not collect2's summary", () => {
    assert.equal(
      firstErrorLine(data("gpp_link_error.txt")),
      "l.cpp:(.text+0xf): undefined reference to `add(int, int)'",
    );
  });

  it("javac: the diagnostic, not the closing count", () => {
    assert.equal(
      firstErrorLine(data("javac_build_error.txt")),
      "Calc.java:2: error: cannot find symbol",
    );
  });

  it("cargo: rustc's error, not 'could not compile'", () => {
    const g = gradeResult("cargo", result({ code: 101, stderr: data("cargo_build_error.txt") }));
    assert.deepEqual([g.outcome, g.error], [
      "build_error",
      "error[E0425]: cannot find value `c` in this scope",
    ]);
  });

  it("go: the compiler line, never a JSON event", () => {
    const g = gradeResult("go-json", result({ stdout: data("go_build_error.json") }));
    assert.deepEqual([g.outcome, g.error], [
      "build_error",
      './calc.go:2:33: invalid operation: a + b + "x" (mismatched types int and untyped string)',
    ]);
    // A setup failure (no compiler line): the go command's own message.
    const setup = '{"ImportPath":"calc","Action":"build-output","Output":"# calc\\n"}\n' +
      '{"ImportPath":"calc","Action":"build-output","Output":"go: updates to go.mod needed\\n"}\n' +
      '{"ImportPath":"calc","Action":"build-fail"}\n';
    assert.equal(
      gradeResult("go-json", result({ stdout: setup })).error,
      "go: updates to go.mod needed",
    );
  });

  it("pytest: a collection error shows the SyntaxError, not the File line", () => {
    const g = gradeResult("pytest", result({}), { reportFile: data("pytest_syntax_error.xml") });
    assert.deepEqual([g.outcome, g.error], ["build_error", "SyntaxError: '(' was never closed"]);
  });

  it("node --test: a module that does not parse is a build error, not a failed test", () => {
    const g = gradeResult("tap", result({ stdout: data("node_syntax_error_tap.txt") }), {
      reportFile: data("node_syntax_error.xml"),
    });
    assert.deepEqual([g.outcome, g.testsTotal, g.error], [
      "build_error",
      null,
      "SyntaxError: Unexpected token ';'",
    ]);
  });

  it("a failing node test that is no syntax error stays failed", () => {
    const stdout = "not ok 1 - adds\n# Error: boom\n";
    const g = gradeResult("tap", result({ stdout }));
    assert.deepEqual([g.outcome, g.testsTotal], ["failed", 1]);
  });
});
