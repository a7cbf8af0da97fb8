// The per-grading report file: where the harness tells the test runner to write its
// structured report, and how that file is read back without trusting the graded code.
// The path holds a fresh random nonce and its parent folder cannot be listed inside the
// sandbox, so code that does not read the runner's own settings cannot find it.
import { join } from "node:path";
import type { TaskMetadata } from "../catalog.ts";

type ReportKind = TaskMetadata["evaluation"]["report"];

/** Largest report file read; anything bigger is treated as no report. */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
export const REPORT_FILE_ENV = "BENCH_REPORT_FILE";
const REPORT_NAME = "report.xml";

/** How one grading command is run so that its runner writes a structured report. */
export interface ReportPlan {
  argv: string[];
  env: Record<string, string>;
  /** True when the runner was told to write `path`; the grade then needs that file. */
  usesFile: boolean;
}

const isNodeTest = (argv: string[]) => /(^|\/)node$/.test(argv[0] ?? "") && argv.includes("--test");
const isDenoTest = (argv: string[]) => /(^|\/)deno$/.test(argv[0] ?? "") && argv[1] === "test";

const REPORTER = "--test-reporter=";
const DESTINATION = "--test-reporter-destination=";

/**
 * node --test with a junit reporter to `path` added and every existing reporter kept on its
 * destination. Node pairs reporters with destinations by position, so the pairs are
 * rebuilt right after `--test`; with no reporter named, TAP is kept on stdout (adding one
 * replaces the default).
 */
function nodeArgv(argv: string[], path: string): string[] {
  const reporters = argv.filter((a) => a.startsWith(REPORTER)).map((a) => a.slice(REPORTER.length));
  const destinations = argv.filter((a) => a.startsWith(DESTINATION))
    .map((a) => a.slice(DESTINATION.length));
  const pairs = (reporters.length ? reporters : ["tap"])
    .flatMap((r, i) => [`${REPORTER}${r}`, `${DESTINATION}${destinations[i] ?? "stdout"}`]);
  const rest = argv.filter((a) => !a.startsWith(REPORTER) && !a.startsWith(DESTINATION));
  const at = rest.indexOf("--test") + 1;
  return [
    ...rest.slice(0, at),
    ...pairs,
    `${REPORTER}junit`,
    `${DESTINATION}${path}`,
    ...rest.slice(at),
  ];
}

/** Rewrites `argv`/environment of a grading command so its runner writes a report to `path`. */
export function planReport(kind: ReportKind, argv: string[], path: string): ReportPlan {
  const none = { argv, env: {}, usesFile: false };
  switch (kind) {
    case "pytest":
      // PYTEST_ADDOPTS reaches pytest however the task's command invokes it.
      return { argv, env: { PYTEST_ADDOPTS: `--junitxml=${path}` }, usesFile: true };
    case "tap":
      return isNodeTest(argv) ? { argv: nodeArgv(argv, path), env: {}, usesFile: true } : none;
    case "deno":
      return isDenoTest(argv)
        ? {
          argv: [argv[0], "test", `--junit-path=${path}`, ...argv.slice(2)],
          env: {},
          usesFile: true,
        }
        : none;
    case "junit":
    case "jest":
      return { argv, env: { [REPORT_FILE_ENV]: path }, usesFile: true };
    default:
      return none;
  }
}

/** A fresh host folder the sandbox user may write the report into, and the file's name. */
export async function makeReportDir(): Promise<{ hostDir: string; nonce: string }> {
  const hostDir = await Deno.makeTempDir({ prefix: "bench_report_" });
  // The graded command runs as nobody; the folder is removed right after reading.
  await Deno.chmod(hostDir, 0o777);
  return { hostDir, nonce: crypto.randomUUID().replaceAll("-", "") };
}

export const reportFileIn = (dir: string) => join(dir, REPORT_NAME);

/**
 * Reads the report the runner left in `hostDir`: only a regular file (lstat: a symlink is
 * never followed, a FIFO never opened) of at most MAX_REPORT_BYTES. Null otherwise.
 */
export async function readReportFile(hostDir: string): Promise<string | null> {
  const path = reportFileIn(hostDir);
  try {
    const info = await Deno.lstat(path);
    if (!info.isFile || info.size > MAX_REPORT_BYTES) return null;
    using file = await Deno.open(path, { read: true });
    const again = await file.stat();
    if (!again.isFile || again.size > MAX_REPORT_BYTES) return null;
    const buf = new Uint8Array(again.size);
    let off = 0;
    while (off < buf.length) {
      const n = await file.read(buf.subarray(off));
      if (n === null) break;
      off += n;
    }
    return new TextDecoder().decode(buf.subarray(0, off));
  } catch {
    return null;
  }
}
