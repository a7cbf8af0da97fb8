// TAP (node --test --test-reporter=tap and others): the "# pass / # fail" trailer when the
// producer writes one, else the top-level "ok / not ok" lines.
import type { ReportParser } from "./types.ts";

export const parseTap: ReportParser = ({ stdout }) => {
  const trailer = (name: string) => {
    const m = new RegExp(`^# ${name} (\\d+)\\s*$`, "m").exec(stdout);
    return m ? Number(m[1]) : null;
  };
  const pass = trailer("pass");
  const fail = trailer("fail");
  if (pass !== null && fail !== null) {
    const cancelled = trailer("cancelled") ?? 0;
    return {
      passed: pass,
      failed: fail + cancelled,
      total: pass + fail + cancelled,
      buildFailed: false,
    };
  }
  let passed = 0, failed = 0;
  for (const line of stdout.split("\n")) {
    if (/^ok \d+/.test(line) && !/# SKIP/i.test(line)) passed++;
    else if (/^not ok \d+/.test(line) && !/# TODO/i.test(line)) failed++;
  }
  return { passed, failed, total: passed + failed, buildFailed: false };
};
