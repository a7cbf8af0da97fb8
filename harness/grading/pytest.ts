// pytest: the closing summary line ("3 failed, 5 passed, 1 error in 0.12s").
import type { ReportParser } from "./types.ts";

export const parsePytest: ReportParser = ({ stdout, stderr }) => {
  const text = `${stdout}\n${stderr}`;
  const lines = text.split("\n").filter((l) => /\bin [\d.]+s\b/.test(l) && /\d+ \w+/.test(l));
  const last = lines.at(-1) ?? "";
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(last)?.[1] ?? 0);
  const passed = count("passed") + count("xpassed");
  const failed = count("failed");
  const errors = count("errors?");
  const collectionFailed = /ERROR collecting|Interrupted: \d+ errors? during collection/.test(text);
  return {
    passed,
    failed: failed + errors,
    total: passed + failed + errors,
    buildFailed: collectionFailed && passed + failed === 0,
  };
};
