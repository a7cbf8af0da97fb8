// Reads a suite's numbers from the store: which suites there are, a suite's leaderboard
// (from the per-run aggregates, never scanning attempts), the two sides of a comparison and
// the attempts of an export. The CLI and the API both answer through here.
import { type AttemptResult, NOT_GRADED_OUTCOMES, passRatesByTry } from "../lib/wire.ts";
import type { ModelBestRun, RunRecord, Store, SuiteRecord, TaskStats } from "../lib/store/store.ts";
import { medianOfBuckets } from "../lib/duration_histogram.ts";
import { UsageError } from "../lib/errors.ts";
import type { BestRun, Comparison, SuiteBoard, SuiteLeaderboardRow } from "../lib/wire_stats.ts";
import { compareSides, type Side } from "./compare.ts";
import type { RunAttempts } from "./export.ts";
import { leaderboardRows, type ModelOnSuite } from "./leaderboard.ts";

/** A suite's line for messages: `abc123def456 "lang:go (3 tasks)"`. */
function suiteLabel(s: { id: string; name: string }): string {
  return `${s.id} "${s.name}"`;
}

/**
 * The suites and the chosen one: `id`, or by default the one with the latest finished run
 * (null when there is none). Throws UsageError for an unknown id, listing the known ones.
 */
export async function chooseSuite(
  store: Store,
  id?: string,
): Promise<{ suites: SuiteRecord[]; suite: SuiteRecord | null }> {
  const suites = await store.listSuites();
  if (id === undefined) return { suites, suite: suites[0] ?? null };
  const suite = suites.find((s) => s.id === id);
  if (!suite) {
    const known = suites.map(suiteLabel).join(", ") || "none yet";
    throw new UsageError(`no suite "${id}" with finished runs (suites: ${known})`);
  }
  return { suites, suite };
}

/**
 * The leaderboard of suite `id` (default: the one with the latest finished run) with every
 * suite listed. Throws UsageError for an unknown suite.
 */
export async function suiteBoard(store: Store, id?: string): Promise<SuiteBoard> {
  const { suites, suite } = await chooseSuite(store, id);
  const brief = (s: SuiteRecord) => ({ id: s.id, name: s.name, tasks: s.tasks, runs: s.runs });
  return {
    suites: suites.map(brief),
    suite: suite && brief(suite),
    rows: suite ? await suiteLeaderboard(store, suite.id) : [],
  };
}

/** A model's pooled figures from its suite aggregates and its best run. */
function modelFromStats(
  model: string,
  stats: readonly TaskStats[],
  best: ModelBestRun | undefined,
  buckets: readonly { bucket: number; n: number }[],
  tries: readonly { bucket: number; n: number }[],
): ModelOnSuite {
  const { model: _m, runs = 0, ...bestRun } = best ?? {};
  const m: ModelOnSuite = {
    model,
    tasks: [],
    attempts: 0,
    graded: 0,
    passed: 0,
    malformed: 0,
    cost_usd: null,
    tokens: 0,
    token_attempts: 0,
    median_duration_s: medianOfBuckets(buckets),
    pass_rate_by_try: passRatesByTry(tries),
    flagged: 0,
    lazy: 0,
    runs,
    best_run: best ? bestRun as BestRun : null,
  };
  for (const s of stats) {
    m.attempts += s.attempts;
    m.graded += s.graded;
    m.passed += s.passed;
    m.malformed += s.malformed;
    if (s.cost_usd !== null) m.cost_usd = (m.cost_usd ?? 0) + s.cost_usd;
    m.tokens += s.graded_tokens;
    m.token_attempts += s.graded_token_n;
    m.flagged += s.flagged;
    m.lazy += s.lazy;
    if (s.graded > 0) {
      m.tasks.push({
        task: s.task_id,
        n: s.graded,
        c: s.passed,
        tests_passed: s.tests_passed,
        tests_total: s.tests_total,
      });
    }
  }
  return m;
}

/** Groups rows by model, in first-seen order. */
function byModel<T extends { model: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    let list = out.get(r.model);
    if (!list) out.set(r.model, list = []);
    list.push(r);
  }
  return out;
}

/**
 * The suite's ranked rows, from the store's aggregates of its finished and cancelled runs
 * (a few rows per model and task; no attempt is read).
 */
export async function suiteLeaderboard(
  store: Store,
  suiteId: string,
): Promise<SuiteLeaderboardRow[]> {
  const [stats, buckets, tries, best] = await Promise.all([
    store.listSuiteTaskStats(suiteId),
    store.listSuiteBuckets(suiteId, "duration"),
    store.listSuiteBuckets(suiteId, "try"),
    store.listSuiteBestRuns(suiteId),
  ]);
  const bucketsOf = byModel(buckets);
  const triesOf = byModel(tries);
  const bestOf = new Map(best.map((b) => [b.model, b]));
  return leaderboardRows(
    [...byModel(stats)].map(([model, rows]) =>
      modelFromStats(
        model,
        rows,
        bestOf.get(model),
        bucketsOf.get(model) ?? [],
        triesOf.get(model) ?? [],
      )
    ),
  );
}

/** What a side of a comparison names: a run (alone, or one model of it) or a model's runs. */
interface SideSpec {
  label: string;
  /** The counted runs per suite id. */
  runsBySuite: Map<string, string[]>;
  model?: string;
}

/**
 * Resolves `RUN_ID`, `RUN_ID@MODEL` or `MODEL` (its finished and cancelled runs). Throws
 * UsageError for a name that is neither, or a run of several models named without one.
 */
async function sideSpec(store: Store, name: string): Promise<SideSpec> {
  const at = name.lastIndexOf("@");
  const [runId, model] = at > 0 ? [name.slice(0, at), name.slice(at + 1)] : [name, undefined];
  const run = await store.getRun(runId);
  if (run) {
    const models = run.settings.models;
    if (model !== undefined && !models.includes(model)) {
      throw new UsageError(`run ${runId} has no model "${model}" (models: ${models.join(", ")})`);
    }
    if (model === undefined && models.length > 1) {
      throw new UsageError(
        `run ${runId} has ${models.length} models: name one as ${
          models.map((m) => `${runId}@${m}`).join(" or ")
        }`,
      );
    }
    return { label: name, runsBySuite: new Map([[run.suite.id, [run.id]]]), model };
  }
  const runsBySuite = new Map<string, string[]>();
  for (const r of await store.listModelRuns(name)) {
    const list = runsBySuite.get(r.suite_id) ?? [];
    runsBySuite.set(r.suite_id, [...list, r.run_id]);
  }
  if (runsBySuite.size === 0) {
    throw new UsageError(`"${name}" is neither a run id nor a model with finished runs`);
  }
  return { label: name, runsBySuite, model: name };
}

/**
 * Compares B against A (run ids, `RUN@MODEL` or model ids) on `suiteId`, or on the one suite
 * both have runs on. Throws UsageError naming what is wrong: an unknown side, no shared
 * suite, several (listing them: pass one), a side not on the given suite, no shared task.
 */
export async function compareOnSuite(
  store: Store,
  a: string,
  b: string,
  opts: { suite?: string; alpha?: number } = {},
): Promise<{ comparison: Comparison; sides: [Side, Side] }> {
  const [sa, sb] = await Promise.all([sideSpec(store, a), sideSpec(store, b)]);
  const suites = await store.listSuites();
  // in the suites' order: the latest finished run's first
  const shared = suites.map((s) => s.id).filter((id) =>
    sa.runsBySuite.has(id) && sb.runsBySuite.has(id)
  );
  const label = (id: string) => suiteLabel(suites.find((s) => s.id === id) ?? { id, name: "?" });
  let suite = opts.suite;
  if (suite !== undefined) {
    const missing = [sa, sb].find((s) => !s.runsBySuite.has(suite!));
    if (missing) throw new UsageError(`${missing.label} has no finished run on suite ${suite}`);
  } else if (shared.length === 1) suite = shared[0];
  else if (shared.length === 0) {
    throw new UsageError(
      `${a} and ${b} have no suite in common (${a}: ${
        [...sa.runsBySuite.keys()].map(label).join(", ")
      }; ${b}: ${[...sb.runsBySuite.keys()].map(label).join(", ")})`,
    );
  } else {
    throw new UsageError(
      `${a} and ${b} share ${shared.length} suites: pass --suite with one of ${
        shared.map(label).join(", ")
      }`,
    );
  }
  const side = async (s: SideSpec): Promise<Side> => ({
    label: s.label,
    tasks: await store.countTaskOutcomes(
      s.runsBySuite.get(suite!)!,
      NOT_GRADED_OUTCOMES,
      s.model,
    ),
  });
  const sides: [Side, Side] = [await side(sa), await side(sb)];
  try {
    return { comparison: compareSides(sides[0], sides[1], suite, opts.alpha), sides };
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`compare ${a} ${b}: ${e.message}`);
    throw e;
  }
}

/**
 * The finished attempts of a run, or of every run on a suite, with their origin. Throws
 * UsageError for an unknown run or suite.
 */
export async function exportSource(
  store: Store,
  what: { runId: string } | { suiteId: string },
): Promise<RunAttempts[]> {
  let runs: RunRecord[];
  if ("runId" in what) {
    const run = await store.getRun(what.runId);
    if (!run) throw new UsageError(`no run "${what.runId}" in ${store.location}`);
    runs = [run];
  } else {
    runs = await store.listSuiteRuns(what.suiteId);
    if (runs.length === 0) throw new UsageError(`no run on suite "${what.suiteId}"`);
  }
  return await Promise.all(runs.map(async (run) => ({
    run_id: run.id,
    suite_id: run.suite.id,
    commit: run.commit,
    // a stored attempt is an AttemptResult plus where and when: the export picks its columns
    attempts: (await store.listAttempts(run.id)).filter((a) =>
      a.outcome !== null
    ) as AttemptResult[],
  })));
}
