// jest's `--json --outputFile=<path>` report: one entry per test file (`testResults`), each
// with its tests (`assertionResults`). A test's id is its file (relative to the folder all
// test files share), its describe blocks and its title, joined by " > ". Skipped, pending
// and todo tests are not run; a file that fails to load (a syntax error, a missing module)
// counts as one failed test, like pytest's collection errors, and a build failure when no
// test ran at all.
import { z } from "zod";
import { fromTests, record, type TestReport, type TestStatus } from "./types.ts";

const NOT_RUN = new Set(["pending", "skipped", "todo", "disabled"]);

const JestReport = z.object({
  testResults: z.array(z.object({
    name: z.string(),
    status: z.string(),
    message: z.string().optional(),
    assertionResults: z.array(z.object({
      ancestorTitles: z.array(z.string()),
      title: z.string(),
      status: z.string(),
    })),
  })),
});

/** The folder every path in `paths` lies in (with its trailing slash), or "". */
function commonFolder(paths: string[]): string {
  if (paths.length === 0) return "";
  let prefix = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
  while (prefix && !paths.every((p) => p.startsWith(prefix))) {
    prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf("/") + 1);
  }
  return prefix;
}

/** The first line of a suite failure that says what went wrong (not jest's "●" heading). */
function firstProblem(message: string): string | null {
  const line = message.split("\n").map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith("●"));
  return line ? line.slice(0, 300) : null;
}

/**
 * Parses jest's JSON report. Returns null when `text` is not JSON of that shape (a missing,
 * truncated or forged file is no report).
 */
export function parseJest(text: string): TestReport | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = JestReport.safeParse(raw);
  if (!parsed.success) return null;
  const files = parsed.data.testResults;
  const root = commonFolder(files.map((f) => f.name));
  const tests = new Map<string, TestStatus>();
  const flags = new Set<string>();
  const skipped: string[] = [];
  const loadErrors: string[] = [];
  for (const file of files) {
    const name = file.name.slice(root.length);
    if (file.assertionResults.length === 0 && file.status === "failed") {
      loadErrors.push(firstProblem(file.message ?? "") ?? `${name} failed to run`);
      continue;
    }
    for (const a of file.assertionResults) {
      const id = [name, ...a.ancestorTitles, a.title].join(" > ");
      if (NOT_RUN.has(a.status)) skipped.push(id);
      else record(tests, flags, id, a.status === "passed" ? "passed" : "failed");
    }
  }
  const report = fromTests(tests, { flags: [...flags], skipped });
  if (loadErrors.length) {
    report.failed += loadErrors.length;
    report.total += loadErrors.length;
    report.buildFailed = tests.size === 0;
    report.buildError = loadErrors[0];
  }
  return report;
}
