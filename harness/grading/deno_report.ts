// `deno test` run some other way than `deno test …` (else a JUnit report file is used):
// the closing "ok | 5 passed | 1 failed" line.
import { fromCounts, type ReportParser } from "./types.ts";

export const parseDenoTest: ReportParser = ({ stdout, stderr }) => {
  // deno test colours its output unless NO_COLOR is set: strip ANSI escapes.
  // deno-lint-ignore no-control-regex
  const text = `${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const m = [
    ...text.matchAll(/^(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/gm),
  ].at(-1);
  return m ? fromCounts(Number(m[1]), Number(m[3])) : fromCounts(0, 0, /error: /.test(text));
};
