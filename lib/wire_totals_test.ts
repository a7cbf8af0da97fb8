import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatHarnessErrors } from "./wire_totals.ts";

describe("totals display", () => {
  it("shows harness errors as a count and a share of all attempts", () => {
    assert.equal(formatHarnessErrors({ attempts: 8, outcomes: { passed: 7 } }), "0");
    assert.equal(formatHarnessErrors({ attempts: 8, outcomes: { harness_error: 1 } }), "1 (12.5%)");
    assert.equal(formatHarnessErrors({ attempts: 0, outcomes: {} }), "0");
  });
});
