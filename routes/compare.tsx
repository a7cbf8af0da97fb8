// GET /compare?a=&b=&suite=&alpha=: is B better than A? A GET form picks the suite and the
// two sides (models, or single runs); the answer is the verdict in words, the difference
// with its 95% interval (drawn as a whisker on −100%…+100%), the test used, and the flips
// table (the CompareFlips island) where each task opens both answers and test outputs.
import type { Context } from "hono";
import { Island } from "../components/Island.tsx";
import { Layout, Panel, renderPage } from "../components/Layout.tsx";
import { describeMethod, describeVerdict } from "../harness/compare.ts";
import { compareOnSuite } from "../harness/suite_data.ts";
import { countsTowardSuite } from "../lib/store/store.ts";
import { UsageError } from "../lib/errors.ts";
import type { Comparison } from "../lib/wire_stats.ts";
import type { Store, SuiteRecord } from "../lib/store/store.ts";
import { pageAssets } from "../server/islands_build.ts";
import type { AppEnv } from "../server/router.ts";
import { formatPercent } from "../islands/ui.tsx";

/** What can be compared on a suite: its models, then its runs (one model of a run each). */
async function sideChoices(store: Store, suite: SuiteRecord | undefined) {
  if (!suite) return { models: [], runs: [] };
  const runs = (await store.listSuiteRuns(suite.id)).filter((r) => countsTowardSuite(r.status))
    .reverse();
  const models = [...new Set(runs.flatMap((r) => r.settings.models))].sort();
  const runSides = runs.flatMap((r) =>
    r.settings.models.length === 1 ? [r.id] : r.settings.models.map((m) => `${r.id}@${m}`)
  );
  return { models, runs: runSides };
}

const pct = (v: number) => `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`;

/** The difference on a −1…+1 line with its interval as a whisker; 0 marked. */
function DiffWhisker({ cmp }: { cmp: Comparison }) {
  const W = 320, H = 36, mid = 18;
  const x = (v: number) => (((v + 1) / 2) * (W - 20) + 10).toFixed(1);
  return (
    <svg
      class="diff-whisker"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`B − A ${pct(cmp.diff)}`}
    >
      <line class="axis" x1="10" x2={W - 10} y1={mid} y2={mid} />
      <line class="zero" x1={x(0)} x2={x(0)} y1="4" y2={H - 4} />
      {cmp.ci_low !== null && cmp.ci_high !== null && (
        <g class="ci">
          <line x1={x(cmp.ci_low)} x2={x(cmp.ci_high)} y1={mid} y2={mid} />
          <line x1={x(cmp.ci_low)} x2={x(cmp.ci_low)} y1={mid - 6} y2={mid + 6} />
          <line x1={x(cmp.ci_high)} x2={x(cmp.ci_high)} y1={mid - 6} y2={mid + 6} />
        </g>
      )}
      <circle cx={x(cmp.diff)} cy={mid} r="5" />
      <text x="10" y={H - 2} class="tick">−100</text>
      <text x={W - 10} y={H - 2} class="tick" text-anchor="end">+100</text>
    </svg>
  );
}

function Answer({ cmp }: { cmp: Comparison }) {
  const ci = cmp.ci_low === null || cmp.ci_high === null
    ? "no interval with one task"
    : `95% CI ${pct(cmp.ci_low)} to ${pct(cmp.ci_high)}`;
  return (
    <div class="comparison" data-verdict={cmp.verdict}>
      <p class="verdict">{describeVerdict(cmp)}</p>
      <p>
        B − A: <strong data-diff>{pct(cmp.diff)}</strong> ({ci}) over {cmp.tasks} task
        {cmp.tasks === 1 ? "" : "s"} both sides have graded attempts on.
      </p>
      <DiffWhisker cmp={cmp} />
      <dl class="facts">
        <dt>pass@1</dt>
        <dd>
          A <span class="mono">{cmp.a}</span> {formatPercent(cmp.a_pass_at_1)} · B{" "}
          <span class="mono">{cmp.b}</span> {formatPercent(cmp.b_pass_at_1)}
        </dd>
        {cmp.a_pass_rate_by_try.length > 1 || cmp.b_pass_rate_by_try.length > 1
          ? (
            <>
              <dt>Pass rate by try</dt>
              <dd data-by-try>
                A {cmp.a_pass_rate_by_try.map(formatPercent).join(" → ")} · B{" "}
                {cmp.b_pass_rate_by_try.map(formatPercent).join(" → ")}
              </dd>
            </>
          )
          : null}
        <dt>Test</dt>
        <dd>{describeMethod(cmp)}: p = {cmp.p_value.toPrecision(3)}</dd>
        <dt>Tasks that differ</dt>
        <dd>{cmp.a_only} better for A, {cmp.b_only} better for B</dd>
        {cmp.tasks_needed
          ? (
            <>
              <dt>To detect this gap</dt>
              <dd>about {cmp.tasks_needed} tasks like these</dd>
            </>
          )
          : null}
      </dl>
    </div>
  );
}

export async function comparePage(c: Context<AppEnv>) {
  const { store, config } = c.var.deps;
  const q = (k: string) => c.req.query(k)?.trim() || undefined;
  const [a, b, alphaRaw] = [q("a"), q("b"), q("alpha")];
  const alpha = alphaRaw && Number(alphaRaw) > 0 && Number(alphaRaw) < 1 ? Number(alphaRaw) : 0.05;
  const suites = await store.listSuites();
  let cmp: Comparison | null = null;
  let problem: string | null = null;
  if (a && b) {
    try {
      cmp = (await compareOnSuite(store, a, b, { suite: q("suite"), alpha })).comparison;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      problem = e.message;
    }
  }
  const suiteId = cmp?.suite_id ?? q("suite") ?? suites[0]?.id;
  const suite = suites.find((s) => s.id === suiteId);
  const choices = await sideChoices(store, suite);
  const assets = await pageAssets(config.root);
  const options = (selected: string | undefined) => (
    <>
      <option value="" selected={!selected}>choose…</option>
      <optgroup label="Models (their runs on the suite, pooled)">
        {choices.models.map((m) => <option key={m} value={m} selected={m === selected}>{m}
        </option>)}
      </optgroup>
      <optgroup label="Single runs">
        {choices.runs.map((r) => <option key={r} value={r} selected={r === selected}>{r}</option>)}
      </optgroup>
    </>
  );
  return c.html(
    renderPage(
      <Layout title="Compare" assets={assets} section="compare" islands={cmp !== null}>
        <Panel title="Compare two models or runs" id="compare" wide>
          <form class="compare-form" method="get" action="/compare">
            <label>
              Suite{" "}
              <select name="suite" data-compare-suite>
                {suites.map((s) => (
                  <option key={s.id} value={s.id} selected={s.id === suiteId}>
                    {s.name} · {s.id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              A (baseline) <select name="a" data-side-a>{options(a)}</select>
            </label>
            <label>
              B (candidate) <select name="b" data-side-b>{options(b)}</select>
            </label>
            <button type="submit" class="primary">Compare</button>
          </form>
          {suites.length === 0 && <p class="muted" data-empty>No finished run yet.</p>}
          {problem && <p class="error" role="alert" data-problem>{problem}</p>}
          {cmp && <Answer cmp={cmp} />}
        </Panel>
        {cmp && (
          <Panel title={`Flips (${cmp.flips.length})`} id="flips" wide>
            <Island name="CompareFlips" props={{ a: cmp.a, b: cmp.b, flips: cmp.flips }} />
          </Panel>
        )}
      </Layout>,
    ),
    problem ? 400 : 200,
  );
}
