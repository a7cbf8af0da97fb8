// The statistics behind the leaderboard and `compare`, as pure functions over per-task counts:
// pass@1 with a task-clustered interval, the unbiased pass@k and pass^k estimators, ranking
// with ties, and the paired tests (exact McNemar, exact or Monte-Carlo sign-flip). No I/O.
// Why clustered by task: attempts of one task are not independent (a hard task fails every
// sample), so the task, not the attempt, is the unit of the sample.
import { type AttemptResult, NOT_GRADED_OUTCOMES } from "../lib/wire.ts";
import type { ByK, CompareMethod, Comparison, Verdict } from "../lib/wire_stats.ts";

/** One task's graded attempts: n tried, c passed, and the test counts summed over them. */
export interface TaskCounts {
  task: string;
  n: number;
  c: number;
  tests_passed: number;
  tests_total: number;
}

/** The k reported for pass@k and pass^k, where every task has at least k samples. */
export const K_VALUES = [1, 2, 5, 10] as const;
/** Normal quantile for a two-sided 95% interval. */
const Z95 = 1.96;
/** 7.84 = 2 · 1.96²: the rule of thumb for tasks needed to detect a gap. */
const TASKS_NEEDED_FACTOR = 7.84;
/** Sign-flip permutation tests enumerate every flip up to this many non-zero differences. */
export const MAX_EXACT_FLIPS = 20;
export const MC_DRAWS = 20_000;
/** Fixed so the same data always gives the same p-value. */
export const MC_SEED = 0x5eed_c0de;
/** Sums of differences within this are equal (they are sums of fractions, not exact). */
const SUM_EPSILON = 1e-9;

/** True when the attempt counts toward pass rates (not a harness or provider failure). */
export function isGraded(a: Pick<AttemptResult, "outcome">): boolean {
  return !NOT_GRADED_OUTCOMES.includes(a.outcome);
}

/** Per-task counts of the graded attempts, sorted by task id; ungraded attempts are dropped. */
export function countByTask(attempts: readonly AttemptResult[]): TaskCounts[] {
  const byTask = new Map<string, TaskCounts>();
  for (const a of attempts) {
    if (!isGraded(a)) continue;
    let t = byTask.get(a.task_id);
    if (!t) {
      byTask.set(a.task_id, t = { task: a.task_id, n: 0, c: 0, tests_passed: 0, tests_total: 0 });
    }
    t.n++;
    if (a.outcome === "passed") t.c++;
    t.tests_passed += a.tests_passed ?? 0;
    t.tests_total += a.tests_total ?? 0;
  }
  return [...byTask.values()].sort((x, y) => (x.task < y.task ? -1 : x.task > y.task ? 1 : 0));
}

/** Mean and sample standard deviation (null below two values); throws on an empty list. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number | null } {
  if (values.length === 0) throw new RangeError("no values to average");
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length < 2) return { mean, sd: null };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) };
}

function clip(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** A mean with its standard error and 95% interval clipped to [lo, hi]; null below two values. */
export function meanInterval(values: readonly number[], lo: number, hi: number) {
  const { mean, sd } = meanAndSd(values);
  const se = sd === null ? null : sd / Math.sqrt(values.length);
  return {
    mean,
    se,
    ci_low: se === null ? null : clip(mean - Z95 * se, lo, hi),
    ci_high: se === null ? null : clip(mean + Z95 * se, lo, hi),
  };
}

/**
 * pass@1 = mean over tasks of c/n, its task-clustered standard error and 95% interval.
 * Throws a RangeError when no task has a graded attempt.
 */
export function passAt1(counts: readonly TaskCounts[]) {
  const used = counts.filter((t) => t.n > 0);
  if (used.length === 0) throw new RangeError("no task has a graded attempt");
  const m = meanInterval(used.map((t) => t.c / t.n), 0, 1);
  return { pass_at_1: m.mean, se: m.se, ci_low: m.ci_low, ci_high: m.ci_high, tasks: used.length };
}

function checkCounts(n: number, c: number, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`k = ${k} is more than the n = ${n} samples of a task`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`c = ${c} is not in [0, ${n}]`);
}

/**
 * The unbiased pass@k of the Codex paper, 1 − C(n−c, k)/C(n, k), as a product of k ratios so
 * large n never overflows. Throws a RangeError when k > n or the counts are impossible.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  if (n - c < k) return 1;
  let allFail = 1; // C(n−c, k)/C(n, k) = Π_{i=n−c+1..n} (1 − k/i)
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** pass^k = C(c, k)/C(n, k): the chance that k samples all pass. Throws like passAtK. */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts(n, c, k);
  let all = 1; // Π_{i=0..k−1} (c−i)/(n−i), zero once c < k
  for (let i = 0; i < k && all > 0; i++) all *= (c - i) / (n - i);
  return all;
}

/** pass@k and pass^k averaged over tasks, for each k in K_VALUES that every task allows. */
export function passAtKs(counts: readonly TaskCounts[]): { pass_at_k: ByK; pass_hat_k: ByK } {
  const used = counts.filter((t) => t.n > 0);
  const pass_at_k: ByK = {};
  const pass_hat_k: ByK = {};
  if (used.length === 0) return { pass_at_k, pass_hat_k };
  const minN = Math.min(...used.map((t) => t.n));
  for (const k of K_VALUES.filter((k) => k <= minN)) {
    pass_at_k[k] = used.reduce((s, t) => s + passAtK(t.n, t.c, k), 0) / used.length;
    pass_hat_k[k] = used.reduce((s, t) => s + passHatK(t.n, t.c, k), 0) / used.length;
  }
  return { pass_at_k, pass_hat_k };
}

/** Mean over tasks of tests passed / tests total; tasks that reported no tests are left out. */
export function testsPassRate(counts: readonly TaskCounts[]): number | null {
  const rates = counts.filter((t) => t.tests_total > 0).map((t) => t.tests_passed / t.tests_total);
  return rates.length ? rates.reduce((s, r) => s + r, 0) / rates.length : null;
}

/** The median, or null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Sorts rows by pass_at_1 (best first) and ranks them; a row whose interval overlaps the
 * leader's is tied with it (`1=`, the leader too). A row without an interval (one task)
 * cannot be told apart from the leader, so it counts as tied.
 */
export function rankRows<
  T extends { pass_at_1: number; ci_low: number | null; ci_high: number | null },
>(
  rows: readonly T[],
): (T & { rank: number; rank_label: string; tied: boolean })[] {
  const sorted = [...rows].sort((x, y) => y.pass_at_1 - x.pass_at_1);
  const lead = sorted[0];
  const overlapsLead = (r: T) =>
    r.ci_low === null || r.ci_high === null || lead.ci_low === null || lead.ci_high === null ||
    (r.ci_low <= lead.ci_high && lead.ci_low <= r.ci_high);
  const tiedRest = sorted.slice(1).map(overlapsLead);
  const tied = [tiedRest.some(Boolean), ...tiedRest];
  return sorted.map((r, i) => ({
    ...r,
    rank: i + 1,
    tied: tied[i],
    rank_label: tied[i] ? "1=" : String(i + 1),
  }));
}

/**
 * Exact two-sided McNemar test on the discordant pairs: p = min(1, 2·P(X ≤ min(a, b))) for
 * X ~ Binomial(a + b, ½), and 1 when there are none. Summed in log space so thousands of
 * pairs neither overflow nor underflow wrongly.
 */
export function mcnemarExact(aOnly: number, bOnly: number): number {
  const m = aOnly + bOnly;
  if (m === 0) return 1;
  let logC = 0; // log C(m, i), built up term by term
  let tail = 0;
  for (let i = 0; i <= Math.min(aOnly, bOnly); i++) {
    if (i > 0) logC += Math.log(m - i + 1) - Math.log(i);
    tail += Math.exp(logC - m * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

/** A 32-bit generator (mulberry32): small, fast and the same on every platform. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function nonZero(diffs: readonly number[]): Float64Array {
  return Float64Array.from(diffs.filter((d) => d !== 0));
}

/**
 * Exact two-sided paired sign-flip test: the share of all 2^m sign assignments of the
 * non-zero differences whose |sum| reaches the observed |sum|. Walks the assignments in Gray
 * code order so each step flips one sign. Throws a RangeError past 30 non-zero differences.
 */
export function signFlipExact(diffs: readonly number[]): number {
  const d = nonZero(diffs);
  const m = d.length;
  if (m > 30) throw new RangeError(`${m} non-zero differences are too many to enumerate`);
  let sum = d.reduce((s, v) => s + v, 0);
  const observed = Math.abs(sum) - SUM_EPSILON;
  const sign = new Int8Array(m).fill(1);
  let count = 1; // the observed assignment itself
  for (let i = 1; i < 2 ** m; i++) {
    const bit = 31 - Math.clz32(i & -i);
    sign[bit] = -sign[bit];
    sum += 2 * sign[bit] * d[bit];
    if (Math.abs(sum) >= observed) count++;
  }
  return count / 2 ** m;
}

/** Signs drawn per table lookup in the Monte-Carlo test: one byte of a random word. */
const CHUNK = 8;

/**
 * For each chunk of 8 differences, the signed sum under each of the 256 sign patterns (bit
 * set = +, clear = −), so one Monte-Carlo draw costs m/8 lookups instead of m branches.
 */
function chunkSums(d: Float64Array): Float64Array {
  const chunks = Math.ceil(d.length / CHUNK);
  const table = new Float64Array(chunks * 256);
  for (let g = 0; g < chunks; g++) {
    const base = g * 256;
    for (let j = 0; j < CHUNK; j++) table[base] -= d[g * CHUNK + j] ?? 0;
    for (let mask = 1; mask < 256; mask++) {
      const low = mask & -mask; // add the lowest set bit to the pattern without it
      table[base + mask] = table[base + (mask ^ low)] +
        2 * (d[g * CHUNK + 31 - Math.clz32(low)] ?? 0);
    }
  }
  return table;
}

/**
 * Monte-Carlo two-sided paired sign-flip test with `draws` random assignments from a fixed
 * seed; p = (hits + 1)/(draws + 1), so it is never 0 (the observed data is one assignment).
 */
export function signFlipMonteCarlo(
  diffs: readonly number[],
  draws = MC_DRAWS,
  seed = MC_SEED,
): number {
  const d = nonZero(diffs);
  const observed = Math.abs(d.reduce((s, v) => s + v, 0)) - SUM_EPSILON;
  const table = chunkSums(d);
  const chunks = table.length / 256;
  const next = mulberry32(seed);
  let hits = 0;
  for (let r = 0; r < draws; r++) {
    let sum = 0;
    let bits = 0;
    for (let g = 0; g < chunks; g++) {
      if ((g & 3) === 0) bits = next(); // one 32-bit word signs four chunks
      sum += table[(g << 8) | (bits & 255)];
      bits >>>= 8;
    }
    if (Math.abs(sum) >= observed) hits++;
  }
  return (hits + 1) / (draws + 1);
}

/** One task seen from both sides: graded attempts n and passes c of A and of B. */
export interface PairedCounts {
  task: string;
  a_n: number;
  a_c: number;
  b_n: number;
  b_c: number;
}

/** The paired comparison's figures: a Comparison without the sides' names, tries and flips. */
export type PairedResult = Omit<
  Comparison,
  "a" | "b" | "suite_id" | "a_pass_rate_by_try" | "b_pass_rate_by_try" | "flips"
>;

/**
 * Compares B against A over the tasks both have graded attempts on. Exact McNemar when each
 * side has exactly one attempt per task, else a sign-flip test on the per-task differences of
 * pass fractions (exact up to MAX_EXACT_FLIPS non-zero ones, else Monte-Carlo). Throws a
 * RangeError when no task is shared or alpha is not in (0, 1).
 */
export function comparePaired(pairs: readonly PairedCounts[], alpha = 0.05): PairedResult {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const shared = pairs.filter((p) => p.a_n > 0 && p.b_n > 0);
  if (shared.length === 0) throw new RangeError("no task has graded attempts on both sides");
  const pa = shared.map((p) => p.a_c / p.a_n);
  const pb = shared.map((p) => p.b_c / p.b_n);
  const d = shared.map((_, i) => pb[i] - pa[i]);
  const { mean, ci_low, ci_high } = meanInterval(d, -1, 1);
  const diff = Math.abs(mean) < SUM_EPSILON ? 0 : mean; // cancelling fractions leave ~1e-17
  const sd = meanAndSd(d).sd;
  const a_only = d.filter((x) => x < 0).length;
  const b_only = d.filter((x) => x > 0).length;
  let method: CompareMethod;
  let p_value: number;
  if (shared.every((p) => p.a_n === 1 && p.b_n === 1)) {
    method = "mcnemar-exact";
    p_value = mcnemarExact(a_only, b_only);
  } else if (a_only + b_only <= MAX_EXACT_FLIPS) {
    method = "sign-flip-exact";
    p_value = signFlipExact(d);
  } else {
    method = "sign-flip-mc";
    p_value = signFlipMonteCarlo(d);
  }
  const verdict: Verdict = p_value >= alpha || diff === 0
    ? "no_significant_difference"
    : diff > 0
    ? "b_better"
    : "a_better";
  return {
    tasks: shared.length,
    a_pass_at_1: pa.reduce((s, v) => s + v, 0) / shared.length,
    b_pass_at_1: pb.reduce((s, v) => s + v, 0) / shared.length,
    diff,
    ci_low,
    ci_high,
    p_value,
    method,
    alpha,
    verdict,
    a_only,
    b_only,
    tasks_needed: diff === 0 || sd === null
      ? null
      : Math.ceil(TASKS_NEEDED_FACTOR * sd ** 2 / diff ** 2),
  };
}
