// No counts to read: exit 0 is one passed test, anything else one failed test.
import { fromCounts, type ReportParser } from "./types.ts";

export const parseExitCode: ReportParser = ({ code }) =>
  code === 0 ? fromCounts(1, 0) : fromCounts(0, 1);
