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
        "model  pass rate  passed  tests  tokens (in+out)  cost  time  cached  harness errors  flagged  other",
        "-----  ---------  ------  -----  ---------------  ----  ----  ------  --------------  -------  -----",
        "m      100.0%     3/3     9/9    10+5             n/a   2.0s          1 (25.0%)       2",
      ].join("\n"),
    );
  });
});
