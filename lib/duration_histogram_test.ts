import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bucketValue, durationBucket, medianOfBuckets } from "./duration_histogram.ts";

describe("duration histogram", () => {
  it("reads every bucket back within 1% of the durations in it", () => {
    for (const s of [0.001, 0.0123, 0.5, 1, 2.5, 37, 600, 86_400]) {
      const v = bucketValue(durationBucket(s));
      assert.ok(Math.abs(v - s) / s <= 0.01, `${s} read back as ${v}`);
    }
    assert.equal(durationBucket(0), -1);
    assert.equal(bucketValue(-1), 0);
    assert.equal(durationBucket(1), 348); // log(1000)/log(1.02) = 348.8
  });
  it("takes the middle value, or the mean of the two middle ones", () => {
    const b = (s: number, n = 1) => ({ bucket: durationBucket(s), n });
    assert.equal(medianOfBuckets([]), null);
    assert.equal(medianOfBuckets([b(1, 0)]), null);
    assert.equal(medianOfBuckets([b(1), b(10), b(100)]), bucketValue(durationBucket(10)));
    assert.equal(
      medianOfBuckets([b(1), b(10), b(100), b(1000)]),
      (bucketValue(durationBucket(10)) + bucketValue(durationBucket(100))) / 2,
    );
    // counts of one bucket in several rows (several runs) add up: 3 × 1 s against 2 × 100 s
    assert.equal(medianOfBuckets([b(1, 2), b(100, 2), b(1, 1)]), bucketValue(durationBucket(1)));
  });
});
