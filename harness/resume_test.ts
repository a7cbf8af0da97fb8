// --resume with the real CLI: a run killed (SIGKILL) while its third attempt waits on the
// model is continued under the same id; the finished attempts are kept as they were, only
// the unfinished one calls the model again, and the summary's totals equal those of an
// uninterrupted run of the same plan.
import assert from "node:assert/strict";
import { join } from "node:path";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { FakeOpenAI } from "../tests/providers/fake_openai.ts";
import {
  fixtureFlags,
  PROVIDER_FIXTURES,
  runBench,
  SOLVING_ANSWER,
  spawnBench,
} from "../tests/providers/bench_cli.ts";
import type { ModelTotals } from "./record.ts";
// Runs the CLI as its own process: a slow test, ignored unless BENCH_SLOW_TESTS=1.
import { slowTest as test } from "../tests/slow.ts";

interface Summary {
  run_id: string;
  status: string;
  totals: ModelTotals[];
  attempts: { sample: number; outcome: string; duration_s: number; cached: boolean }[];
}

const CANARY = "sk-canary-resume-0b9e44";

/** Totals without `duration_s`, the one field two runs of the same plan never share. */
function comparable(totals: ModelTotals[]) {
  return totals.map(({ duration_s: _, ...t }) => t);
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000) {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function runIds(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.startsWith("run_"));
}

test("resume - a killed run, resumed, keeps its finished attempts and ends with the same totals", async () => {
  const server = new FakeOpenAI();
  const whole = await Deno.makeTempDir({ dir: "/tmp", prefix: "bench_resume_whole_" });
  const broken = await Deno.makeTempDir({ dir: "/tmp", prefix: "bench_resume_broken_" });
  try {
    server.fallback = {
      kind: "answer",
      text: SOLVING_ANSWER,
      promptTokens: 90,
      completionTokens: 25,
      cost: 0.002,
    };
    const env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: CANARY };
    const plan = ["--models", "openai/fake", "--samples", "3", "--concurrency", "1"];

    const uninterrupted = await runBench([...fixtureFlags(whole), ...plan], env);
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
    const expected: Summary = JSON.parse(
      await Deno.readTextFile(join(whole, "latest_summary.json")),
    );
    assert.equal(expected.totals[0].passed, 3);

    // The third call never answers; the process is killed while it waits.
    const before = server.chats.length;
    server.queue.push(
      { ...server.fallback },
      { ...server.fallback },
      { kind: "hang" },
    );
    const child = spawnBench([...fixtureFlags(broken), ...plan], env);
    await until(() => server.chats.length === before + 3, "the third model call");
    child.kill("SIGKILL");
    await child.output();
    const [runId] = runIds(broken);
    const db = new SqliteStore(join(broken, "history.db"));
    try {
      assert.equal((await db.getRun(runId))?.status, "running");
      assert.deepEqual((await db.listAttempts(runId)).map((a) => a.outcome), [
        "passed",
        "passed",
        null,
      ]);
    } finally {
      await db.close();
    }
    const keptResults = await Promise.all([0, 1].map(async (s) =>
      JSON.parse(
        await Deno.readTextFile(
          join(broken, runId, `providers_add__openai-fake__sample0${s}`, "result.json"),
        ),
      )
    ));

    const resumeArgs = [
      "--tasks-dir",
      PROVIDER_FIXTURES,
      "--output-dir",
      broken,
      "--resume",
      runId,
    ];
    const resumed = await runBench(resumeArgs, env);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(server.chats.length, before + 4, "only the unfinished attempt called again");
    assert.deepEqual(runIds(broken), [runId]);
    const got: Summary = JSON.parse(
      await Deno.readTextFile(join(broken, runId, "summary.json")),
    );
    assert.equal(got.run_id, runId);
    assert.equal(got.status, "finished");
    assert.deepEqual(comparable(got.totals), comparable(expected.totals));
    assert.deepEqual(got.attempts.slice(0, 2), keptResults);
    assert.deepEqual(got.attempts.map((a) => [a.sample, a.outcome, a.cached]), [
      [0, "passed", false],
      [1, "passed", false],
      [2, "passed", false],
    ]);
    const after = new SqliteStore(join(broken, "history.db"));
    try {
      assert.equal((await after.getRun(runId))?.status, "finished");
      assert.deepEqual((await after.listAttempts(runId)).map((a) => a.outcome), [
        "passed",
        "passed",
        "passed",
      ]);
    } finally {
      await after.close();
    }

    // A finished run has nothing to resume.
    const again = await runBench(resumeArgs, env);
    assert.equal(again.code, 2);
    assert.equal(
      again.stderr.trim().split("\n").at(-1),
      `error: --resume: run ${runId} already finished; nothing to resume`,
    );
  } finally {
    await server.close();
    await Deno.remove(whole, { recursive: true });
    await Deno.remove(broken, { recursive: true });
  }
});
