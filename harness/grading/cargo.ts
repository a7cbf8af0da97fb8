// `cargo test`: every "test result:" line (unit, integration, doc tests) is summed.
import type { ReportParser } from "./types.ts";

export const parseCargo: ReportParser = ({ stdout, stderr }) => {
  let passed = 0, failed = 0, results = 0;
  for (
    const m of `${stdout}\n${stderr}`.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)
  ) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    results++;
  }
  const buildFailed = results === 0 && /error(\[E\d+\])?:|could not compile/.test(stderr);
  return { passed, failed, total: passed + failed, buildFailed };
};
