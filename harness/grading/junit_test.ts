import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseJunit } from "./junit.ts";

describe("junit report", () => {
  it("an <error> (an exception outside an assertion) fails its test like a <failure>", () => {
    // The shape JUnit 5's console launcher writes for a test that throws.
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="JUnit Jupiter" tests="3" failures="1" errors="1">
  <testcase name="sumsDigits()" classname="DigitSumTest"/>
  <testcase name="rejectsNegative()" classname="DigitSumTest">
    <error message="boom" type="java.lang.UnsupportedOperationException">trace</error>
  </testcase>
  <testcase name="handlesZero()" classname="DigitSumTest">
    <failure message="expected: 0 but was: 1" type="org.opentest4j.AssertionFailedError"/>
  </testcase>
</testsuite>`;
    const r = parseJunit(xml, "classname")!;
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "DigitSumTest::sumsDigits()": "passed",
      "DigitSumTest::rejectsNegative()": "failed",
      "DigitSumTest::handlesZero()": "failed",
    });
    assert.deepEqual([r.passed, r.failed, r.total], [1, 2, 3]);
  });
});
