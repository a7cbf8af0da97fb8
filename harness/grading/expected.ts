// A task's expected tests (`tests.expected.json` beside metadata.json): the test ids its
// reference run reported, or only their count for formats that name no tests. Written by
// `validate-tasks --write-expected`; a `passed` needs every expected test reported passed,
// so a forged count without the hidden test names cannot pass.
import { join } from "node:path";
import { z } from "zod";
import type { TestStatus } from "./types.ts";

export const EXPECTED_FILE = "tests.expected.json";
/** The attempt artifact listing what the runner reported: `{ tests, skipped }`. */
export const TESTS_ARTIFACT = "tests.json";
const VERSION = 1;
const MAX_EXPECTED_BYTES = 1024 * 1024;
/** How many names a mismatch message lists before "…". */
const NAMES_SHOWN = 3;

const ExpectedSchema = z.union([
  z.strictObject({ version: z.literal(VERSION), ids: z.array(z.string()) }),
  z.strictObject({ version: z.literal(VERSION), count: z.number().int().nonnegative() }),
]);
export type ExpectedTests = z.infer<typeof ExpectedSchema>;

/** Thrown for a malformed expected file; the message is one line naming the file. */
export class ExpectedTestsError extends Error {}

/**
 * The expected tests of the task folder `taskDir`, or null when it has no expected file.
 * Throws ExpectedTestsError when the file is not a regular file, too large or malformed.
 */
export async function loadExpected(taskDir: string): Promise<ExpectedTests | null> {
  const path = join(taskDir, EXPECTED_FILE);
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new ExpectedTestsError(`${path}: ${(e as Error).message}`);
  }
  if (!info.isFile || info.size > MAX_EXPECTED_BYTES) {
    throw new ExpectedTestsError(`${path}: not a regular file under 1 MB`);
  }
  let data: unknown;
  try {
    data = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new ExpectedTestsError(`${path}: invalid JSON (${(e as Error).message})`);
  }
  const parsed = ExpectedSchema.safeParse(data);
  if (!parsed.success) {
    throw new ExpectedTestsError(
      `${path}: expected {"version": ${VERSION}, "ids": [...]} or {"version": ${VERSION}, "count": N}`,
    );
  }
  return parsed.data;
}

/** What a reference run's report says the expected tests are. */
export function expectedFrom(
  tests: Record<string, TestStatus> | null,
  total: number,
): ExpectedTests {
  return tests
    ? { version: VERSION, ids: Object.keys(tests).sort() }
    : { version: VERSION, count: total };
}

/** Writes `expected` as the task folder's expected file (stable, diff-friendly JSON). */
export async function writeExpected(taskDir: string, expected: ExpectedTests): Promise<void> {
  await Deno.writeTextFile(
    join(taskDir, EXPECTED_FILE),
    JSON.stringify(expected, null, 2) + "\n",
  );
}

/** What one attempt's runner reported, read back from its TESTS_ARTIFACT. */
export interface ReportedTests {
  tests: Record<string, TestStatus> | null;
  skipped: string[];
}

/** Reads an attempt folder's TESTS_ARTIFACT, or null when it has none (nothing was graded). */
export async function readReportedTests(attemptDir: string): Promise<ReportedTests | null> {
  try {
    return JSON.parse(await Deno.readTextFile(join(attemptDir, TESTS_ARTIFACT)));
  } catch {
    return null;
  }
}

/**
 * Checks a task's reference run for `validate-tasks`: warnings (tests the reference skipped
 * or ignored, a missing expected file) and, with `write`, the expected file rewritten from
 * the run. Writes only for a passing reference.
 */
export async function checkReference(
  taskDir: string,
  reference: { outcome: string; tests_total: number | null },
  reported: ReportedTests | null,
  write: boolean,
): Promise<{ warnings: string[]; wrote: boolean }> {
  const warnings: string[] = [];
  if (reported?.skipped.length) {
    warnings.push(
      named("reference skipped N tests (not run, not expected)", [...reported.skipped].sort()),
    );
  }
  if (write && reference.outcome === "passed" && reported) {
    await writeExpected(taskDir, expectedFrom(reported.tests, reference.tests_total ?? 0));
    return { warnings, wrote: true };
  }
  if (!write && (await loadExpected(taskDir)) === null) {
    warnings.push(`no ${EXPECTED_FILE} (run validate-tasks --write-expected)`);
  }
  return { warnings, wrote: false };
}

function named(what: string, ids: string[]): string {
  const shown = ids.slice(0, NAMES_SHOWN).join(", ");
  return `${what.replace("N", String(ids.length))}: ${shown}${ids.length > NAMES_SHOWN ? "…" : ""}`;
}

/**
 * The difference between a run's report and the expected tests, as one line, or null when
 * every expected test was reported (and nothing else). `tests` null means counts only.
 */
export function expectedMismatch(
  expected: ExpectedTests,
  tests: Record<string, TestStatus> | null,
  total: number,
): string | null {
  if ("count" in expected) {
    return total === expected.count ? null : `expected ${expected.count} tests, ${total} ran`;
  }
  if (!tests) return `expected ${expected.ids.length} named tests, the report names none`;
  const want = new Set(expected.ids);
  const missing = expected.ids.filter((id) => !(id in tests));
  const extra = Object.keys(tests).filter((id) => !want.has(id)).sort();
  const parts = [
    ...(missing.length ? [named("missing N expected tests", missing)] : []),
    ...(extra.length ? [named("N unexpected tests", extra)] : []),
  ];
  return parts.length ? parts.join("; ") : null;
}
