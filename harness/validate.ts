// `deno task validate-tasks`: runs `starter` and `reference` on every selected task through
// the same pipeline as a benchmark, and reports each task whose starter does not fail
// (a `failed` grade; a build error only where metadata `validation.starter_may_not_build`
// allows it, as importers write for compiled-language stubs) or whose reference does not
// pass.
import { join } from "node:path";
import { Command } from "commander";
import { openStore } from "../lib/store/open.ts";
import { withAction } from "./command.ts";
import { checkReference, readReportedTests } from "./grading/expected.ts";
import { planValidate } from "./plan.ts";
import { table } from "./progress.ts";
import type { AttemptResult } from "./record.ts";
import type { RunRequest } from "./request.ts";
import { addRunOptions, requestFromOptions, SELECTOR_ONLY } from "./run_options.ts";
import { loadContext, runWithSignals } from "./terminal.ts";

/**
 * The problems of one task's starter and reference attempts (empty when it is sound). With
 * `starterMayNotBuild`, a starter's `build_error` is as good as `failed`.
 */
export function taskProblems(
  starter: AttemptResult,
  reference: AttemptResult,
  starterMayNotBuild = false,
): string[] {
  const out: string[] = [];
  const starterOk = starter.outcome === "failed" ||
    (starterMayNotBuild && starter.outcome === "build_error");
  if (!starterOk) {
    const expected = starterMayNotBuild ? "failed or build_error" : "failed";
    out.push(
      `starter is ${starter.outcome}${
        starter.error ? ` (${starter.error})` : ""
      }, expected ${expected}`,
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

/** Validates the tasks `req` selects; exit code 1 when any has a problem, 130 when cancelled. */
async function validate(req: RunRequest): Promise<number> {
  const ctx = await loadContext(req);
  const plan = planValidate(req, ctx);
  const { tasks } = plan;
  await Deno.mkdir(ctx.runsDir, { recursive: true });
  const store = await openStore(ctx.config, ctx.runsDir);
  try {
    const summary = await runWithSignals({ ...plan, ignoreExpected: req.write_expected }, store);
    const find = (id: string, model: string) =>
      summary.attempts.find((a) => a.task_id === id && a.model === model)!;
    const rows = tasks.map((t) => {
      const s = find(t.id, "starter"), r = find(t.id, "reference");
      const mayNotBuild = t.meta.validation?.starter_may_not_build === true;
      return { t, s, r, problems: taskProblems(s, r, mayNotBuild) };
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
      const check = await checkReference(t.dir, r, reported, req.write_expected);
      for (const w of check.warnings) console.warn(`warning: ${t.id}: ${w}`);
      if (check.wrote) wrote++;
    }
    if (req.write_expected) console.log(`\nwrote ${wrote} tests.expected.json file(s)`);
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
    await store.close();
  }
}

/** The `validate-tasks` subcommand: bench's flags that make sense for validation. */
export function validateCommand(): Command {
  const cmd = addRunOptions(
    new Command("validate-tasks").summary("check that starters fail and references pass"),
    [
      "tasks",
      "task",
      "tasks_dirs",
      "concurrency",
      "output_dir",
      "unsafe_no_sandbox",
      "write_expected",
    ],
    SELECTOR_ONLY,
  );
  return withAction(cmd, (opts: Record<string, unknown>) => validate(requestFromOptions(opts)));
}
