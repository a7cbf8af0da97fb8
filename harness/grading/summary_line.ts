// A plain line "N passed, M failed" (the last one wins).
import { fromCounts, type ReportParser } from "./types.ts";

export const parseSummaryLine: ReportParser = ({ stdout, stderr }) => {
  const m = [...`${stdout}\n${stderr}`.matchAll(/^\s*(?:\w+:\s*)?(\d+) passed, (\d+) failed\b/gm)]
    .at(-1);
  return m ? fromCounts(Number(m[1]), Number(m[2])) : fromCounts(0, 0);
};
