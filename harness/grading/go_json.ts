// `go test -json`: the go command's own test2json events on stdout. Since Go 1.24 the test
// binary frames its results with a marker byte, so a "--- PASS" line printed by the code
// under test arrives as an Output event, not a pass. Leaf tests are counted: a test with
// subtests counts its subtests (a 48-case table test is 48 tests), not itself.
import { firstErrorLine } from "./build_error.ts";
import { fromTests, type ReportParser, type TestStatus } from "./types.ts";

interface GoEvent {
  Action?: string;
  Test?: string;
  Package?: string;
  ImportPath?: string;
  Output?: string;
}

export const parseGoJson: ReportParser = ({ stdout, stderr }) => {
  const results = new Map<string, TestStatus>();
  const skipped: string[] = [];
  let buildFailed = false;
  // What the go command said while building, compiler lines and `go:` errors alike.
  let buildText = "";
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let ev: GoEvent;
    try {
      ev = JSON.parse(line);
    } catch {
      continue;
    }
    if (ev.Action === "build-fail") buildFailed = true;
    if (ev.Action === "build-output" && ev.Output) buildText += ev.Output;
    if (ev.Output && /\[build failed\]|\[setup failed\]/.test(ev.Output)) buildFailed = true;
    if (!ev.Test) continue;
    const id = `${ev.Package}.${ev.Test}`;
    if (ev.Action === "pass" || ev.Action === "fail") {
      results.set(id, ev.Action === "pass" ? "passed" : "failed");
    } else if (ev.Action === "skip") skipped.push(id);
  }
  // A parent whose subtests reported is represented by them.
  const ids = [...results.keys()];
  const leaves = new Map(
    [...results].filter(([id]) => !ids.some((other) => other.startsWith(`${id}/`))),
  );
  if (/\[build failed\]|cannot find package/.test(stderr)) buildFailed = true;
  return fromTests(leaves, {
    buildFailed: buildFailed && leaves.size === 0,
    buildError: firstErrorLine(buildText) ?? firstErrorLine(stderr),
    skipped: skipped.filter((id) => !results.has(id)),
  });
};
