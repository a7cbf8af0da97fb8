// --tries, the budget cap and lazy answers through the real engine: the loopback
// OpenAI-compatible server answers (its second answer depends on the conversation it is
// sent), fx_python is graded by pytest in the real sandbox, and the store is a real
// SQLite file. Also `reference-second-try` on every fixture language.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FEEDBACK_HEADING } from "../harness/modes/feedback.ts";
import { createProvider } from "../harness/providers/registry.ts";
import { executeRun, type RunPlan } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { RunSettings } from "../lib/wire.ts";
import { attempt } from "./attempts.ts";
import { fixturePlan, fixtureTasks } from "./helpers.ts";
import { FakeOpenAI, type Reply, type SeenMessage } from "./providers/fake_openai.ts";
import { slowTest as test } from "./slow.ts";

const WRONG = "Here it is.\n\n```python calc.py\ndef add(a, b):\n    return a - b\n```\n";
/** Applies only to the workspace try 1 left (its `a - b`), not to the starter. */
const FIX = "Fixed.\n\n```python calc.py\n<<<<<<< SEARCH\n    return a - b\n=======\n" +
  "    return a + b\n>>>>>>> REPLACE\n```\n";

const answer = (text: string): Reply => ({
  kind: "answer",
  text,
  promptTokens: 100,
  completionTokens: 20,
  cost: 0.01,
});

async function runFake(
  server: FakeOpenAI,
  over: Partial<RunSettings>,
  tasks = ["fx_python"],
): Promise<{ plan: RunPlan; summary: Awaited<ReturnType<typeof executeRun>> }> {
  const runsDir = await Deno.makeTempDir({ prefix: "bench_tries_" });
  const store = new SqliteStore(join(runsDir, "history.db"));
  const plan = fixturePlan(await fixtureTasks(tasks), runsDir, ["openai/fake"], {
    concurrency: 1,
    ...over,
  });
  const env: Record<string, string> = { OPENAI_BASE_URL: server.baseUrl };
  plan.providers = new Map([[
    "openai/fake",
    createProvider("openai/fake", { env: (n) => env[n] }),
  ]]);
  try {
    return {
      plan,
      summary: await executeRun(plan, { store, signal: new AbortController().signal }),
    };
  } finally {
    await store.close();
  }
}

test("tries - a failed try gets the test output and fixes the workspace it left", async () => {
  const server = new FakeOpenAI();
  try {
    server.onChat = (body) => {
      const last = (body as { messages: SeenMessage[] }).messages.at(-1)!;
      if (last.role !== "user" || !last.content.startsWith(FEEDBACK_HEADING)) return answer(WRONG);
      return answer(FIX);
    };
    const { plan, summary } = await runFake(server, { tries: 3 });
    const [a] = summary.attempts;
    assert.deepEqual(
      [a.outcome, a.passed_on_try, a.tests_passed, a.tests_total, a.error],
      ["passed", 2, 3, 3, null],
    );
    assert.deepEqual(
      a.tries.map((
        t,
      ) => [t.try, t.outcome, t.tests_passed, t.tests_total, t.prompt_tokens, t.cost_usd]),
      [[1, "failed", 1, 3, 100, 0.01], [2, "passed", 3, 3, 100, 0.01]],
    );
    assert.deepEqual([a.prompt_tokens, a.completion_tokens, a.cost_usd], [200, 40, 0.02]);
    assert.ok(a.tries.every((t) => t.duration_s > 0) && a.duration_s >= a.tries[0].duration_s);

    // The second request is the same conversation: prompt, answer, then the test output.
    assert.equal(server.chats.length, 2);
    const sent = (server.chats[1].body as { messages: { role: string; content: string }[] })
      .messages;
    assert.deepEqual(sent.map((m) => m.role), ["user", "assistant", "user"]);
    assert.equal(sent[1].content, WRONG);
    const feedback = sent[2].content;
    assert.ok(feedback.startsWith(`${FEEDBACK_HEADING}\n\nOutcome: failed.`), feedback);
    assert.ok(feedback.includes("tests/test_calc.py"), feedback);
    assert.ok(!feedback.includes(plan.runsDir) && !feedback.includes("/sandbox/"), feedback);
    assert.ok(feedback.includes("Do not change the tests."));

    // Try 1 keeps today's names; try 2 has its own folder; nothing is left between tries.
    const dir = join(plan.runsDir, plan.runId, a.attempt_dir);
    assert.equal(await Deno.readTextFile(join(dir, "response.txt")), WRONG);
    assert.equal(await Deno.readTextFile(join(dir, "tries/2/response.txt")), FIX);
    assert.equal(await Deno.readTextFile(join(dir, "tries/2/prompt.txt")), feedback);
    assert.ok(
      (await Deno.readTextFile(join(dir, "tries/2/patch.diff")))
        .includes("-    return a - b\n+    return a + b"),
    );
    assert.match(await Deno.readTextFile(join(dir, "stdout.log")), /1 passed/);
    assert.match(await Deno.readTextFile(join(dir, "tries/2/stdout.log")), /3 passed/);
    await Deno.stat(join(dir, "tries/2/stderr.log"));
    await assert.rejects(Deno.stat(join(dir, "tries/3")));
    await assert.rejects(Deno.stat(join(dir, ".workspace_between_tries")));

    const [t] = summary.totals;
    assert.deepEqual([t.pass_rate_1, t.pass_rate_2, t.pass_rate_3, t.pass_rate], [0, 1, 1, 1]);
  } finally {
    await server.close();
  }
});

test("tries - an unusable answer gets its reason; no try is asked for after a pass", async () => {
  const server = new FakeOpenAI();
  try {
    server.queue.push(answer("I would rather not."), answer(WRONG), answer(FIX));
    const { summary } = await runFake(server, { tries: 3 });
    const [a] = summary.attempts;
    assert.deepEqual(a.tries.map((t) => t.outcome), ["malformed_response", "failed", "passed"]);
    assert.equal(a.passed_on_try, 3);
    const second = (server.chats[1].body as { messages: { content: string }[] }).messages[2];
    assert.ok(
      second.content.includes("Your answer could not be applied (malformed_response)"),
      second.content,
    );
    assert.deepEqual(
      [summary.totals[0].pass_rate_1, summary.totals[0].pass_rate_2, summary.totals[0].pass_rate_3],
      [0, 0, 1],
    );
  } finally {
    await server.close();
  }
});

test("budget - once --max-cost is spent the rest end skipped (budget reached), not graded", async () => {
  const server = new FakeOpenAI();
  try {
    server.fallback = answer(WRONG.replace("a - b", "a + b"));
    const { summary } = await runFake(server, { samples: 3, max_cost_usd: 0.015 });
    assert.deepEqual(
      summary.attempts.map((a) => [a.sample, a.outcome, a.error]),
      [[0, "passed", null], [1, "passed", null], [2, "skipped", "budget reached"]],
    );
    assert.equal(server.chats.length, 2);
    const [t] = summary.totals;
    assert.deepEqual([t.graded, t.passed, t.pass_rate, t.cost_usd], [2, 2, 1, 0.02]);
  } finally {
    await server.close();
  }
});

test("budget - --max-tokens stops a second try from starting", async () => {
  const server = new FakeOpenAI();
  try {
    server.fallback = answer(WRONG);
    const { summary } = await runFake(server, { samples: 2, tries: 2, max_tokens: 120 });
    assert.deepEqual(
      summary.attempts.map((a) => [a.outcome, a.error, a.tries.map((t) => t.outcome)]),
      [["skipped", "budget reached", ["failed"]], ["skipped", "budget reached", []]],
    );
    assert.equal(server.chats.length, 1);
  } finally {
    await server.close();
  }
});

test("lazy - an answer with placeholder comments is flagged and counted, even when it passes", async () => {
  const server = new FakeOpenAI();
  try {
    server.fallback = answer(
      "```python calc.py\n# ... existing code ...\n\ndef add(a, b):\n    return a + b\n```\n",
    );
    const { summary } = await runFake(server, {});
    const [a] = summary.attempts;
    assert.deepEqual([a.outcome, a.lazy, a.tries[0].lazy], ["passed", true, true]);
    assert.deepEqual([summary.totals[0].lazy, summary.totals[0].well_formed], [1, 1]);
  } finally {
    await server.close();
  }
});

test("reference-second-try - 0% on try 1, 100% on try 2 in every fixture language", async () => {
  const runsDir = await Deno.makeTempDir({ prefix: "bench_second_try_" });
  const store = new SqliteStore(join(runsDir, "history.db"));
  try {
    const plan = fixturePlan(await fixtureTasks(), runsDir, ["reference-second-try"], {
      tries: 2,
    });
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    assert.deepEqual(summary.attempts.map((a) => a.passed_on_try), [2, 2, 2, 2, 2, 2]);
    const [t] = summary.totals;
    assert.deepEqual([t.graded, t.pass_rate_1, t.pass_rate_2], [6, 0, 1]);
  } finally {
    await store.close();
  }
});

Deno.test("budget - a resumed run's earlier spending counts: nothing new starts past the cap", async () => {
  const runsDir = await Deno.makeTempDir({ prefix: "bench_budget_resume_" });
  const store = new SqliteStore(join(runsDir, "history.db"));
  try {
    const tasks = await fixtureTasks(["fx_python"]);
    const plan = fixturePlan(tasks, runsDir, ["starter"], { samples: 2, max_cost_usd: 0.5 });
    const before = attempt("fx_python", "failed", { model: "starter", cost_usd: 0.5 });
    plan.finished = [before];
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    assert.deepEqual(
      summary.attempts.map((a) => [a.sample, a.outcome, a.error]),
      [[0, "failed", null], [1, "skipped", "budget reached"]],
    );
    assert.deepEqual([summary.totals[0].graded, summary.totals[0].outcomes.skipped], [1, 1]);
  } finally {
    await store.close();
  }
});
