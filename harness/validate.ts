// `deno task validate-tasks`: runs `starter` and `reference` on every selected task through
// the same pipeline as a benchmark, and reports each task whose starter does not fail
// (a `failed` grade, not a build error) or whose reference does not pass.
import { join } from "node:path";
import { HistoryDb } from "../lib/db.ts";
import { selectTasks } from "./catalog.ts";
import { flagHelp, type FlagSpec, parseFlags } from "./flags.ts";
import { BENCH_FLAGS, loadContext, runWithSignals } from "./cli.ts";
import { checkReference, readReportedTests } from "./grading/expected.ts";
import { basePlan, settingsFrom } from "./plan.ts";
import { table } from "./progress.ts";
import { createProvider } from "./providers/registry.ts";
import type { AttemptResult } from "./record.ts";

/** The bench flags that make sense for validation (same names, same meaning). */
const VALIDATE_FLAG_NAMES = [
  "tasks",
  "task",
  "tasks-dir",
  "concurrency",
  "output-dir",
  "unsafe-no-sandbox",
  "help",
];
export const VALIDATE_FLAGS: FlagSpec[] = [
  ...BENCH_FLAGS
    .filter((f) => VALIDATE_FLAG_NAMES.includes(f.name))
    .map((f) =>
      f.name === "tasks" ? { ...f, help: "all | id,id | lang:go | tag:x | category:x" } : f
    ),
  {
    name: "write-expected",
    kind: "bool",
    help: "write each task's tests.expected.json from its passing reference run",
  },
];

/** The problems of one task's starter and reference attempts (empty when it is sound). */
export function taskProblems(starter: AttemptResult, reference: AttemptResult): string[] {
  const out: string[] = [];
  if (starter.outcome !== "failed") {
    out.push(
      `starter is ${starter.outcome}${starter.error ? ` (${starter.error})` : ""}, expected failed`,
    );
  }
  if (reference.outcome !== "passed") {
    const tests = reference.tests_total === null
      ? ""
      : ` ${reference.tests_passed}/${reference.tests_total}`;
    out.push(
      `reference is ${reference.outcome}${tests}${reference.error ? ` (${reference.error})` : ""}`,
    );
  }
  return out;
}

export async function validateCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, VALIDATE_FLAGS);
  if (flags.help) {
    console.log(`usage: deno task validate-tasks [flags]\n\n${flagHelp(VALIDATE_FLAGS)}`);
    return 0;
  }
  const ctx = await loadContext(flags);
  const tasks = selectTasks(
    ctx.catalog.tasks,
    flags.tasks as string | undefined,
    flags.task as string[] ?? [],
  );
  const settings = settingsFrom(flags, ctx.config, ["starter", "reference"], tasks);
  await Deno.mkdir(ctx.runsDir, { recursive: true });
  const db = new HistoryDb(join(ctx.runsDir, "history.db"));
  try {
    const summary = await runWithSignals({
      ...basePlan(ctx),
      ignoreExpected: flags["write-expected"] === true,
      tasks,
      settings,
      providers: new Map(settings.models.map((m) => [m, createProvider(m)])),
    }, db);
    const find = (id: string, model: string) =>
      summary.attempts.find((a) => a.task_id === id && a.model === model)!;
    const rows = tasks.map((t) => {
      const s = find(t.id, "starter"), r = find(t.id, "reference");
      return { t, s, r, problems: taskProblems(s, r) };
    });
    console.log(
      "\n" + table(
        ["task", "starter", "reference", "tests", "grade s", "problems"],
        rows.map(({ t, s, r, problems }) => [
          t.id,
          s.outcome,
          r.outcome,
          r.tests_total === null ? "-" : `${r.tests_passed}/${r.tests_total}`,
          r.grade_s === null ? "-" : r.grade_s.toFixed(1),
          problems.join("; "),
        ]),
      ),
    );
    let wrote = 0;
    for (const { t, r } of rows) {
      const reported = await readReportedTests(join(ctx.runsDir, summary.run_id, r.attempt_dir));
      const check = await checkReference(t.dir, r, reported, flags["write-expected"] === true);
      for (const w of check.warnings) console.warn(`warning: ${t.id}: ${w}`);
      if (check.wrote) wrote++;
    }
    if (flags["write-expected"]) console.log(`\nwrote ${wrote} tests.expected.json file(s)`);
    const bad = rows.filter((r) => r.problems.length > 0);
    const broken = ctx.catalog.problems.length;
    console.log(
      `\n${tasks.length} tasks validated: ${
        tasks.length - bad.length
      } sound, ${bad.length} with problems` +
        (broken ? `, ${broken} malformed task folder(s) skipped` : ""),
    );
    return summary.status === "cancelled" ? 130 : bad.length || broken ? 1 : 0;
  } finally {
    db.close();
  }
}
