// `cargo test`: libtest's per-test lines ("test name ... ok | FAILED | ignored") from every
// test binary (unit, integration, doc tests). Ignored tests are not run: out of the total.
// A name reported twice with different results is failed and flagged. Each test binary opens
// with "running N tests" and closes with "test result:"; one that opened and never closed
// ended early (an exit inside a test), so the report is incomplete and cannot pass.
import { firstErrorLine } from "./build_error.ts";
import { fromTests, record, type ReportParser, type TestStatus } from "./types.ts";

const TEST_LINE = /^test (.+?) \.\.\. (ok|FAILED|ignored)\b/gm;
const BINARY_OPENS = /^running \d+ tests?$/gm;
const BINARY_CLOSES = /^test result: /gm;

export const parseCargo: ReportParser = ({ stdout, stderr }) => {
  const tests = new Map<string, TestStatus>();
  const flags = new Set<string>();
  const skipped: string[] = [];
  for (const [, name, result] of stdout.matchAll(TEST_LINE)) {
    if (result === "ignored") skipped.push(name);
    else record(tests, flags, name, result === "ok" ? "passed" : "failed");
  }
  const buildFailed = tests.size === 0 && /error(\[E\d+\])?:|could not compile/.test(stderr);
  const buildError = firstErrorLine(stderr);
  const opened = stdout.match(BINARY_OPENS)?.length ?? 0;
  const closed = stdout.match(BINARY_CLOSES)?.length ?? 0;
  const incomplete = opened > closed
    ? `test report incomplete: ${opened - closed} test binary(ies) ended before their summary`
    : undefined;
  return fromTests(tests, { buildFailed, buildError, skipped, flags: [...flags], incomplete });
};
