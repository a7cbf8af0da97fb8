// What a report parser reads out of a grading command's output.

export interface TestCounts {
  passed: number;
  failed: number;
  /** Tests reported by the runner (passed + failed + errors; skips excluded). */
  total: number;
  /** The runner said compilation or collection failed before tests ran. */
  buildFailed: boolean;
}

export type ReportParser = (
  out: { stdout: string; stderr: string; code: number | null },
) => TestCounts;
