import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { totalsTable } from "./progress.ts";

describe("closing totals table", () => {
  it("shows harness errors and flagged attempts in their own columns, apart from the pass rate", () => {
    const text = totalsTable([{
      model: "m",
      attempts: 4,
      graded: 3,
      passed: 3,
      pass_rate: 1,
      tests_passed: 9,
      tests_total: 9,
      prompt_tokens: 10,
      completion_tokens: 5,
      cost_usd: null,
      duration_s: 2,
      cached: 0,
      flagged: 2,
      outcomes: { passed: 3, harness_error: 1 },
    }]);
    assert.equal(
      text,
      [
        "model  pass rate  passed  tests  well formed  malformed  build errors  timeouts  lazy  tokens (in+out)  cost  time  cached  harness errors  flagged  other",
        "-----  ---------  ------  -----  -----------  ---------  ------------  --------  ----  ---------------  ----  ----  ------  --------------  -------  -----",
        "m      100.0%     3/3     9/9    -            -          -             -         -     10+5             n/a   2.0s          1 (25.0%)       2",
      ].join("\n"),
    );
  });

  it("shows pass_rate_i per try and the failure counters of a --tries run", () => {
    const text = totalsTable([{
      model: "m",
      attempts: 4,
      graded: 4,
      passed: 3,
      pass_rate: 0.75,
      pass_rate_1: 0.25,
      pass_rate_2: 0.75,
      tests_passed: 9,
      tests_total: 12,
      prompt_tokens: 10,
      completion_tokens: 5,
      cost_usd: 0.5,
      duration_s: 2,
      cached: 0,
      flagged: 0,
      well_formed: 3,
      malformed: 1,
      build_errors: 0,
      timeouts: 0,
      lazy: 1,
      outcomes: { passed: 3, malformed_response: 1, skipped: 2 },
    }]);
    assert.equal(
      text.split("\n")[2],
      "m      75.0%      25.0%        75.0%        3/4     9/12   3            1          0             0         1     10+5             $0.5000  2.0s          0                        skipped:2",
    );
    assert.ok(text.startsWith("model  pass rate  pass_rate_1  pass_rate_2  passed"), text);
  });
});
