// Compares two sides (runs or models) on one suite from their attempts: the `--json` object,
// the plain-text report and the JUnit file a CI gate reads. The statistics are stats.ts's;
// this module pairs attempts by task and puts the answer into words.
import { type AttemptResult, passRatesByTry, tryBucket } from "../lib/wire.ts";
import type { Comparison, Flip } from "../lib/wire_stats.ts";
import { comparePaired, isGraded, MC_DRAWS } from "./stats.ts";

/** What a comparison reads of an attempt, with its run when a side pools several runs. */
export type SideAttempt =
  & Pick<AttemptResult, "task_id" | "outcome" | "attempt_dir">
  & Partial<Pick<AttemptResult, "passed_on_try" | "tries">>
  & { run_id?: string };

/** A side's graded attempts on one task: n tried, c passed, and where each one is. */
export interface SideTask {
  task_id: string;
  n: number;
  c: number;
  /** `run_id/attempt_dir` (under runs/) of each graded attempt. */
  links: string[];
  /** Each graded attempt's try bucket (lib/wire.ts tryBucket). */
  /**
   * Try buckets (lib/wire.ts tryBucket) of the attempts that went past their first try; every
   * other passed attempt passed on try 1 and every other one failed its only try.
   */
  later_tries: number[];
}

/** One side of a comparison: its name (a run or model id) and its graded attempts by task. */
export interface Side {
  label: string;
  tasks: readonly SideTask[];
}

/** A task's graded attempts on both sides (n and c are 0 for a side that has none). */
export interface TaskPair {
  task_id: string;
  a_n: number;
  a_c: number;
  b_n: number;
  b_c: number;
  a_links: string[];
  b_links: string[];
  a_later: number[];
  b_later: number[];
}

/** A side from its attempts: ungraded ones are left out (the store does this in SQL). */
export function sideFromAttempts(label: string, attempts: readonly SideAttempt[]): Side {
  const byTask = new Map<string, SideTask>();
  for (const at of attempts) {
    if (!isGraded(at)) continue;
    let t = byTask.get(at.task_id);
    if (!t) {
      byTask.set(at.task_id, t = { task_id: at.task_id, n: 0, c: 0, links: [], later_tries: [] });
    }
    t.n++;
    if (at.outcome === "passed") t.c++;
    t.links.push(at.run_id ? `${at.run_id}/${at.attempt_dir}` : at.attempt_dir);
    const bucket = tryBucket(at);
    if (Math.abs(bucket) > 1) t.later_tries.push(bucket);
  }
  return { label, tasks: [...byTask.values()] };
}

/** Every task with a graded attempt on either side, sorted by id. */
export function pairByTask(a: Side, b: Side): TaskPair[] {
  const byTask = new Map<string, TaskPair>();
  const pair = (task_id: string) => {
    let p = byTask.get(task_id);
    if (!p) {
      p = {
        task_id,
        a_n: 0,
        a_c: 0,
        b_n: 0,
        b_c: 0,
        a_links: [],
        b_links: [],
        a_later: [],
        b_later: [],
      };
      byTask.set(task_id, p);
    }
    return p;
  };
  for (const [side, { tasks }] of [["a", a], ["b", b]] as const) {
    for (const t of tasks) {
      Object.assign(pair(t.task_id), {
        [`${side}_n`]: t.n,
        [`${side}_c`]: t.c,
        [`${side}_links`]: t.links,
        [`${side}_later`]: t.later_tries,
      });
    }
  }
  return [...byTask.values()].sort((x, y) => (x.task_id < y.task_id ? -1 : 1));
}

/** pass_rate_1 … pass_rate_N of tasks' graded attempts (n, c passed) with their later tries. */
function ratesOf(tasks: readonly { n: number; c: number; later: readonly number[] }[]): number[] {
  const counts = new Map<number, number>();
  const add = (bucket: number, n: number) => counts.set(bucket, (counts.get(bucket) ?? 0) + n);
  for (const t of tasks) {
    for (const b of t.later) add(b, 1);
    const laterPassed = t.later.filter((b) => b > 0).length;
    add(1, t.c - laterPassed); // passed on try 1
    add(-1, t.n - t.c - (t.later.length - laterPassed)); // failed their only try
  }
  return passRatesByTry([...counts].map(([bucket, n]) => ({ bucket, n })));
}

/**
 * The paired comparison of B against A on `suiteId`, over the tasks both sides have graded
 * attempts on. Throws a RangeError when there is no such task or alpha is not in (0, 1).
 */
export function compareSides(a: Side, b: Side, suiteId: string, alpha = 0.05): Comparison {
  const shared = pairByTask(a, b).filter((p) => p.a_n > 0 && p.b_n > 0);
  const stats = comparePaired(shared.map((p) => ({ task: p.task_id, ...p })), alpha);
  const flips: Flip[] = shared
    .filter((p) => p.a_c / p.a_n !== p.b_c / p.b_n)
    .map((p) => ({
      task_id: p.task_id,
      a_pass: p.a_c / p.a_n,
      b_pass: p.b_c / p.b_n,
      a_attempts: p.a_links,
      b_attempts: p.b_links,
    }));
  return {
    a: a.label,
    b: b.label,
    suite_id: suiteId,
    ...stats,
    a_pass_rate_by_try: ratesOf(shared.map((p) => ({ n: p.a_n, c: p.a_c, later: p.a_later }))),
    b_pass_rate_by_try: ratesOf(shared.map((p) => ({ n: p.b_n, c: p.b_c, later: p.b_later }))),
    flips,
  };
}

/** Escapes for XML text and attributes; drops control characters XML 1.0 cannot carry. */
function xml(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "")
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JUnit XML with one testcase per task either side has graded: failed where B's pass
 * fraction is below A's, skipped where one side has no graded attempt, passed otherwise.
 */
export function junitReport(a: Side, b: Side, cmp: Comparison): string {
  const cases = pairByTask(a, b).map((p) => {
    const head = `    <testcase classname="compare.${xml(cmp.suite_id)}" name="${xml(p.task_id)}">`;
    if (p.a_n === 0 || p.b_n === 0) {
      const missing = p.a_n === 0 ? cmp.a : cmp.b;
      return `${head}<skipped message="no graded attempt by ${xml(missing)}"/></testcase>`;
    }
    if (p.b_c / p.b_n >= p.a_c / p.a_n) return `${head}</testcase>`;
    const msg = `B passed ${p.b_c}/${p.b_n}, A passed ${p.a_c}/${p.a_n}`;
    return `${head}<failure message="${xml(msg)}">${xml(p.b_links.join("\n"))}</failure>` +
      `</testcase>`;
  });
  const failures = cases.filter((c) => c.includes("<failure")).length;
  const skipped = cases.filter((c) => c.includes("<skipped")).length;
  const name = xml(`${cmp.b} vs ${cmp.a} on suite ${cmp.suite_id}`);
  const counts = `tests="${cases.length}" failures="${failures}" skipped="${skipped}"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="bench compare" ${counts}>`,
    `  <testsuite name="${name}" ${counts}>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

const fixed = (v: number, digits = 3) => (v >= 0 ? "+" : "") + v.toFixed(digits);
const pValue = (p: number) => (p < 0.0001 ? "< 0.0001" : `= ${p.toFixed(4)}`);

/** The test used, in words. */
export function describeMethod(cmp: Comparison): string {
  const differ = cmp.a_only + cmp.b_only;
  if (cmp.method === "mcnemar-exact") {
    return `exact McNemar test on ${differ} discordant task(s) (one attempt per task a side)`;
  }
  if (cmp.method === "sign-flip-exact") {
    return `exact paired sign-flip test over the ${differ} task(s) that differ`;
  }
  return `paired sign-flip test, ${MC_DRAWS.toLocaleString("en")} random flips (fixed seed)`;
}

/** The verdict as a sentence naming both sides. */
export function describeVerdict(cmp: Comparison): string {
  const p = `p ${pValue(cmp.p_value)}, alpha ${cmp.alpha}`;
  if (cmp.verdict === "b_better") return `${cmp.b} is better than ${cmp.a} (${p}).`;
  if (cmp.verdict === "a_better") return `${cmp.b} is worse than ${cmp.a}: a regression (${p}).`;
  return `No significant difference between ${cmp.a} and ${cmp.b} (${p}); the gap may be noise.`;
}

/** The comparison as a plain-text report: both sides, the difference, method, verdict, flips. */
export function renderComparison(cmp: Comparison): string {
  const ci = cmp.ci_low === null || cmp.ci_high === null
    ? "no interval with one task"
    : `95% CI ${fixed(cmp.ci_low)} to ${fixed(cmp.ci_high)}`;
  const lines = [
    `Suite ${cmp.suite_id}: ${cmp.tasks} task(s) graded on both sides`,
    `A  ${cmp.a}  pass@1 ${cmp.a_pass_at_1.toFixed(3)}`,
    `B  ${cmp.b}  pass@1 ${cmp.b_pass_at_1.toFixed(3)}`,
    `Difference B − A: ${fixed(cmp.diff)} (${ci})`,
    `Test: ${describeMethod(cmp)}, p ${pValue(cmp.p_value)}`,
    `Verdict: ${describeVerdict(cmp)}`,
  ];
  if (cmp.a_pass_rate_by_try.length > 1 || cmp.b_pass_rate_by_try.length > 1) {
    const rates = (r: number[]) => r.map((x) => `${(x * 100).toFixed(1)}%`).join(" → ");
    lines.push(
      `Pass rate by try: A ${rates(cmp.a_pass_rate_by_try)}; B ${rates(cmp.b_pass_rate_by_try)}`,
    );
  }
  if (cmp.tasks_needed) { // 0: every task agrees, any number would show it
    lines.push(`About ${cmp.tasks_needed} tasks like these would detect a gap this size.`);
  }
  if (cmp.flips.length === 0) return [...lines, "", "No task differs."].join("\n") + "\n";
  const width = Math.max(4, ...cmp.flips.map((f) => f.task_id.length));
  const share = (pass: number, n: number) => `${pass.toFixed(2)} of ${n}`.padStart(10);
  lines.push(
    "",
    `Flips (${cmp.flips.length})`,
    `${"task".padEnd(width)}  ${"A".padStart(10)}  ${"B".padStart(10)}`,
  );
  for (const f of cmp.flips) {
    const arrow = f.b_pass > f.a_pass ? "B better" : "B worse";
    lines.push(
      `${f.task_id.padEnd(width)}  ${share(f.a_pass, f.a_attempts.length)}  ` +
        `${share(f.b_pass, f.b_attempts.length)}  ${arrow}`,
    );
  }
  return lines.join("\n") + "\n";
}
