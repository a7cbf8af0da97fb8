// The run page shows integrity flags: a chip per flag on an attempt, a count per model.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderToString } from "preact-render-to-string";
import { FlagChips } from "./AttemptDetail.tsx";
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
