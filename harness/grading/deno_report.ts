// `deno test`: the closing "ok | 5 passed | 1 failed" line.
import type { ReportParser } from "./types.ts";

export const parseDenoTest: ReportParser = ({ stdout, stderr }) => {
  // deno test colours its output unless NO_COLOR is set: strip ANSI escapes.
  // deno-lint-ignore no-control-regex
  const text = `${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const m = [
    ...text.matchAll(/^(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/gm),
  ].at(-1);
  if (!m) return { passed: 0, failed: 0, total: 0, buildFailed: /error: /.test(text) };
  const passed = Number(m[1]), failed = Number(m[3]);
  return { passed, failed, total: passed + failed, buildFailed: false };
};
