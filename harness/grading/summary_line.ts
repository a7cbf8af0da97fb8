// A plain line "N passed, M failed" (the last one wins).
import type { ReportParser } from "./types.ts";

export const parseSummaryLine: ReportParser = ({ stdout, stderr }) => {
  const m = [...`${stdout}\n${stderr}`.matchAll(/^\s*(?:\w+:\s*)?(\d+) passed, (\d+) failed\b/gm)]
    .at(-1);
  if (!m) return { passed: 0, failed: 0, total: 0, buildFailed: false };
  const passed = Number(m[1]), failed = Number(m[2]);
  return { passed, failed, total: passed + failed, buildFailed: false };
};
