// Benchmark (not a test): the pure statistics at the sizes the issue names.
// Usage: deno run scripts/bench_stats.ts [--rounds N]
// Prints the median and worst wall-clock ms of (1) `compare` of two models over 1,000 tasks
// × 10 samples (target ≤ 50 ms; it takes the Monte-Carlo path, the slowest), and (2) the
// leaderboard rows of 10 models × 10,000 attempts computed from attempts alone (the store's
// aggregates are meant to make that path unnecessary; this is the upper bound).
import { compareSides, type SideAttempt, sideFromAttempts } from "../harness/compare.ts";
import { leaderboardRows, summarizeAttempts } from "../harness/leaderboard.ts";
import type { AttemptResult } from "../lib/wire.ts";
import { mulberry32 } from "../harness/stats.ts";
import { attempt } from "../tests/attempts.ts";

const TASKS = 1_000;
const SAMPLES = 10;
const i = Deno.args.indexOf("--rounds");
const ROUNDS = i >= 0 ? Number(Deno.args[i + 1]) : 20;
const rand = (() => {
  const next = mulberry32(42);
  return () => next() / 2 ** 32;
})();
const difficulty = Array.from({ length: TASKS }, () => rand());

/** Attempts of a model whose pass chance on each task is its difficulty plus `edge`. */
function model(name: string, edge: number, tasks = TASKS): SideAttempt[] {
  const out: SideAttempt[] = [];
  for (let t = 0; t < tasks; t++) {
    for (let s = 0; s < SAMPLES; s++) {
      const outcome = rand() < difficulty[t % TASKS] + edge ? "passed" : "failed";
      out.push({ ...attempt(`task${t}`, outcome, { model: name, sample: s }), run_id: "r" });
    }
  }
  return out;
}

function time(label: string, target: number | null, fn: () => unknown): void {
  fn(); // warm-up: JIT and allocation
  const ms: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[ms.length >> 1];
  const verdict = target === null
    ? ""
    : median <= target
    ? ` (target ≤ ${target} ms: ok)`
    : ` (target ≤ ${target} ms: OVER)`;
  console.log(
    `${label}: median ${median.toFixed(1)} ms, worst ${ms.at(-1)!.toFixed(1)} ms${verdict}`,
  );
}

// The store hands sides over grouped by task (Store.countTaskOutcomes); grouping is not timed.
const a = sideFromAttempts("model-a", model("model-a", 0));
const b = sideFromAttempts("model-b", model("model-b", 0.03));
const cmp = compareSides(a, b, "bench");
console.log(
  `compare: ${cmp.tasks} tasks, method ${cmp.method}, diff ${cmp.diff.toFixed(4)}, p ${
    cmp.p_value.toFixed(4)
  }`,
);
time("compare 1,000 tasks × 10 samples", 50, () => compareSides(a, b, "bench"));

const models = Array.from({ length: 10 }, (_, m) => ({
  model: `m${m}`,
  attempts: model(`m${m}`, m / 100) as AttemptResult[], // attempt() makes whole results
  runs: [],
}));
time(
  "leaderboard rows from 100,000 attempts",
  null,
  () => leaderboardRows(models.map(summarizeAttempts)),
);
