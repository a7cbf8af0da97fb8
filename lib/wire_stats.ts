// The statistics that cross to the API and the dashboard: a suite, one leaderboard row of a
// suite, and the paired comparison of two sides. Types only, no imports, so the engine, the
// server and the browser islands share one definition (harness/stats.ts computes them).

/** What makes two runs comparable: the same tasks (by content), settings and template. */
export interface SuiteInfo {
  /** Short stable hash of the suite's identity (see harness/suite.ts). */
  suite_id: string;
  /** Readable name: `catalog (31 tasks)` or the run's selector, e.g. `lang:python (9 tasks)`. */
  name: string;
  tasks: number;
}

/** pass@k figures keyed by k ("1", "2", "5", "10"), only for k every task has samples for. */
export type ByK = Record<string, number>;

export type CompareMethod = "mcnemar-exact" | "sign-flip-exact" | "sign-flip-mc";
export type Verdict = "b_better" | "a_better" | "no_significant_difference";

/** A task where the two sides' pass fractions differ, with the attempt folders of each. */
export interface Flip {
  task_id: string;
  a_pass: number;
  b_pass: number;
  a_attempts: string[];
  b_attempts: string[];
}

/** The answer to "is B better than A?" on one suite (`compare --json`, `/api/compare`). */
export interface Comparison {
  a: string;
  b: string;
  suite_id: string;
  /** Tasks both sides have graded attempts on; every figure below is over these. */
  tasks: number;
  a_pass_at_1: number;
  b_pass_at_1: number;
  /** Mean over tasks of B's pass fraction minus A's: positive means B did better. */
  diff: number;
  /** 95% interval of `diff`; null with fewer than two tasks. */
  ci_low: number | null;
  ci_high: number | null;
  p_value: number;
  method: CompareMethod;
  alpha: number;
  verdict: Verdict;
  /** Tasks where A's pass fraction is higher (with one attempt a side: A passed, B failed). */
  a_only: number;
  b_only: number;
  /** Tasks of this kind needed to detect a gap this size; null when diff is 0 or unknowable. */
  tasks_needed: number | null;
  /** Aider's pass_rate_1, pass_rate_2… of each side over the shared tasks (--tries). */
  a_pass_rate_by_try: number[];
  b_pass_rate_by_try: number[];
  flips: Flip[];
}

/** The seed's leaderboard figure: a model's best-accuracy run on the suite, as it ran. */
export interface BestRun {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  accuracy: number;
  passed: number;
  graded: number;
  cost_usd: number | null;
  duration_s: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** One model on one suite, pooling the graded attempts of its finished runs there. */
export interface SuiteLeaderboardRow {
  model: string;
  /** Position by pass_at_1 (1 = leader). */
  rank: number;
  /** `1=` when this row's interval overlaps the leader's (the leader too, if any does). */
  rank_label: string;
  tied: boolean;
  /** Tasks with at least one graded attempt (a cancelled run may cover fewer). */
  tasks: number;
  attempts: number;
  graded: number;
  passed: number;
  pass_at_1: number;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  pass_at_k: ByK;
  pass_hat_k: ByK;
  tests_pass_rate: number | null;
  well_formed_rate: number;
  /** Aider's pass_rate_1, pass_rate_2…: share of graded attempts passed by try i (--tries). */
  pass_rate_by_try: number[];
  /** Graded attempts flagged `lazy` (placeholder code in an applied file). */
  lazy: number;
  cost_usd: number | null;
  cost_per_solved: number | null;
  tokens_per_attempt: number | null;
  median_duration_s: number | null;
  runs: number;
  /** Attempts with integrity flags (signs the answer tampered with grading). */
  flagged: number;
  best_run: BestRun | null;
}

/** A suite with finished or cancelled runs, as the suite picker lists it. */
export interface SuiteSummary {
  id: string;
  name: string;
  tasks: number;
  /** Its finished and cancelled runs. */
  runs: number;
}

/** GET /api/leaderboard: the suites, the one shown, and its ranked rows. */
export interface SuiteBoard {
  suites: SuiteSummary[];
  suite: SuiteSummary | null;
  rows: SuiteLeaderboardRow[];
}
