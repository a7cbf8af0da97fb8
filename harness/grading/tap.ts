// TAP on stdout, for tap commands the harness cannot give a machine reporter (node --test
// gets a JUnit report file instead, see report_file.ts). Weaker: the code under test can
// print these lines, so a pass graded from them is unverifiable when the answer is flagged.
// Top-level "ok / not ok" lines are the tests; "# SKIP" and "# TODO" are not run.
import { fromTests, record, type ReportParser, type TestStatus } from "./types.ts";

const LINE = /^(not ok|ok) \d+(?: -)?\s*([^#\n]*?)\s*(#\s*(SKIP|TODO)\b.*)?$/gim;

export const parseTap: ReportParser = ({ stdout }) => {
  const tests = new Map<string, TestStatus>();
  const flags = new Set<string>();
  const skipped: string[] = [];
  for (const [, result, name, , directive] of stdout.matchAll(LINE)) {
    if (directive) skipped.push(name);
    else record(tests, flags, name, result.toLowerCase() === "ok" ? "passed" : "failed");
  }
  return fromTests(tests, { skipped, flags: [...flags] });
};
