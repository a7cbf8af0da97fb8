// The run page shows integrity flags: a chip per flag on an attempt, a count per model.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderToString } from "preact-render-to-string";
import { FlagChips, tryPrefix, TrySteps } from "./AttemptDetail.tsx";
import RunSummary from "./RunSummary.tsx";
import { freshRun } from "./state.ts";
import type { ModelTotals } from "./types.ts";

describe("integrity flags on the run page", () => {
  it("a chip per flag, nothing when there are none", () => {
    const html = renderToString(<FlagChips flags={["process_exit", "raw_fd_write"]} />);
    assert.equal(
      html,
      '<span class="flag-chips" data-flags="process_exit raw_fd_write">' +
        '<span class="chip chip-flag" title="integrity flag: process_exit">process exit</span>' +
        '<span class="chip chip-flag" title="integrity flag: raw_fd_write">raw fd write</span>' +
        "</span>",
    );
    assert.equal(renderToString(<FlagChips flags={[]} />), "");
    assert.equal(renderToString(<FlagChips />), "");
  });

  it("the totals table counts flagged attempts per model", () => {
    const totals = { model: "m", flagged: 2, outcomes: {} } as unknown as ModelTotals;
    const r = { ...freshRun("run_x", "finished", null), totals: [totals] };
    const html = renderToString(<RunSummary run={r} streamUrl="/x" />);
    assert.match(
      html,
      /<th scope="col" class="num" title="attempts with an integrity flag">Flagged<\/th>/,
    );
    assert.match(html, /<td class="num" data-flagged="2">2<\/td>/);
  });
});

describe("tries on the run page", () => {
  const t = (i: number, outcome: "failed" | "passed", extra = {}) => ({
    try: i,
    outcome,
    tests_passed: outcome === "passed" ? 3 : 1,
    tests_total: 3,
    prompt_tokens: 10,
    completion_tokens: 5,
    cost_usd: 0.01,
    duration_s: 2,
    error: null,
    lazy: false,
    ...extra,
  });

  it("tries are numbered steps with outcome and tests; the shown one is current", () => {
    const html = renderToString(
      <TrySteps tries={[t(1, "failed", { lazy: true }), t(2, "passed")]} chosen={2} />,
    );
    assert.match(html, /<li data-try="1"><button type="button" class="link">Try 1<\/button>/);
    assert.match(html, /data-outcome="failed"[^]*1\/3 tests[^]*· lazy/);
    assert.match(
      html,
      /<li data-try="2" aria-current="step">[^]*data-outcome="passed"[^]*3\/3 tests/,
    );
    // A one-shot attempt has no steps.
    assert.equal(renderToString(<TrySteps tries={[t(1, "passed")]} chosen={1} />), "");
  });

  it("try 1's files are the attempt's own, later tries' in tries/<i>/", () => {
    assert.equal(tryPrefix("/artifacts/r/a/", 1), "/artifacts/r/a/");
    assert.equal(tryPrefix("/artifacts/r/a/", 2), "/artifacts/r/a/tries/2/");
  });
});

describe("tries and failure counters in the run's totals", () => {
  it("a --tries run has a pass_rate_i column per try and Aider's counters", () => {
    const totals = {
      model: "m",
      passed: 1,
      graded: 2,
      pass_rate: 0.5,
      pass_rate_1: 0,
      pass_rate_2: 0.5,
      flagged: 0,
      well_formed: 2,
      malformed: 0,
      build_errors: 1,
      timeouts: 0,
      lazy: 1,
      outcomes: {},
    } as unknown as ModelTotals;
    const base = freshRun("run_x", "finished", null);
    const r = { ...base, settings: { ...base.settings!, tries: 2 }, totals: [totals] };
    const html = renderToString(<RunSummary run={r} streamUrl="/x" />);
    assert.match(html, /title="passed by try 1">pass_rate_1<\/th><th[^>]*>pass_rate_2<\/th>/);
    assert.ok(
      html.includes(
        '<td class="num" data-pass-rate="1">0.0%</td><td class="num" data-pass-rate="2">50.0%</td>',
      ),
    );
    assert.ok(html.includes(">2 ok · 0 malformed · 1 build · 0 timeout · 1 lazy</td>"));
    assert.ok(html.includes(" · 2 tries</p>"));
  });
});
