// `go test -json`: one JSON event per line; top-level tests' pass/fail events are counted.
import type { ReportParser } from "./types.ts";

export const parseGoJson: ReportParser = ({ stdout, stderr }) => {
  let passed = 0, failed = 0, buildFailed = false;
  const seen = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let ev: { Action?: string; Test?: string; Package?: string; Output?: string };
    try {
      ev = JSON.parse(line);
    } catch {
      continue;
    }
    if (ev.Action === "build-fail") buildFailed = true;
    if (ev.Output && /\[build failed\]|\[setup failed\]/.test(ev.Output)) buildFailed = true;
    if (!ev.Test || ev.Test.includes("/")) continue;
    if (ev.Action === "pass" || ev.Action === "fail") {
      seen.set(`${ev.Package}.${ev.Test}`, ev.Action);
    }
  }
  for (const action of seen.values()) action === "pass" ? passed++ : failed++;
  if (/\[build failed\]|cannot find package|^# .*\n.*\.go:\d+:\d+:/m.test(stderr)) {
    buildFailed = buildFailed || seen.size === 0;
  }
  return { passed, failed, total: passed + failed, buildFailed: buildFailed && seen.size === 0 };
};
