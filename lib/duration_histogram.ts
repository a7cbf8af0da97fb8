// Attempt durations kept as a histogram of narrow logarithmic buckets instead of every value,
// so the leaderboard's median duration reads a few dozen rows per run instead of every
// attempt. Each bucket is 2% wide, so the median read back is within 1% of the exact one:
// far below what a person reads off a duration, and bounded (a day spans ~920 buckets).

/** Durations below this (1 ms) share bucket -1, read back as 0. */
const FLOOR_S = 0.001;
/** Each bucket's upper edge is this factor times its lower edge. */
const WIDTH = 1.02;

/** The bucket a duration in seconds falls in. */
export function durationBucket(seconds: number): number {
  if (!(seconds >= FLOOR_S)) return -1;
  return Math.floor(Math.log(seconds / FLOOR_S) / Math.log(WIDTH));
}

/** The value a bucket stands for: its geometric middle (0 for bucket -1). */
export function bucketValue(bucket: number): number {
  return bucket < 0 ? 0 : FLOOR_S * WIDTH ** (bucket + 0.5);
}

/**
 * The median of the durations counted in `buckets` (bucket → count; several rows of one
 * bucket add up), each standing for its bucket's value; null when nothing is counted.
 */
export function medianOfBuckets(buckets: readonly { bucket: number; n: number }[]): number | null {
  const counts = new Map<number, number>();
  for (const b of buckets) counts.set(b.bucket, (counts.get(b.bucket) ?? 0) + b.n);
  const sorted = [...counts].filter(([, n]) => n > 0).sort(([x], [y]) => x - y);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  // the values at ranks lo and hi (1-based); equal for an odd total
  const lo = Math.floor((total + 1) / 2);
  const hi = Math.floor(total / 2) + 1;
  let seen = 0;
  let low: number | null = null;
  for (const [bucket, n] of sorted) {
    seen += n;
    if (low === null && seen >= lo) low = bucketValue(bucket);
    if (seen >= hi) return (low! + bucketValue(bucket)) / 2;
  }
  return low;
}
