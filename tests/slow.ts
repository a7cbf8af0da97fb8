// The slow suites — real toolchains, bubblewrap, Chromium, CLI processes, the whole task
// catalog — run only when BENCH_SLOW_TESTS=1: `deno task test` (and CI) sets it, `deno task
// ok` (the fast loop) does not, and the report lists them as ignored rather than hiding them.
// A suite is slow by what it runs, not by where it lives.

/** True when the slow suites are to run. */
export const RUN_SLOW = Deno.env.get("BENCH_SLOW_TESTS") === "1";

/** Options for a slow `Deno.test`: ignored unless BENCH_SLOW_TESTS=1. */
export const SLOW = { ignore: !RUN_SLOW };

/** Options for a slow node:test `describe`: skipped (reported as ignored) likewise. */
export const SLOW_SUITE = { skip: !RUN_SLOW };

/** `Deno.test` for a slow test, or `Deno.test.ignore` (same signature) unless BENCH_SLOW_TESTS=1. */
export const slowTest: typeof Deno.test.ignore = RUN_SLOW ? Deno.test : Deno.test.ignore;
