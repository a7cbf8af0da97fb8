// End to end: `deno task bench --models openai/fake` (the real CLI in a child process, with
// the task's permissions) against the fake OpenAI-compatible server, over a one-task Python
// fixture graded by pytest in the sandbox. Checks outcomes, tokens, cost, retries and cache
// flags in summary.json, and that the canary keys appear nowhere under the output folder
// (history.db included), in the CLI's output, or in anything sent to the server but the
// key's own Authorization header.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeOpenAI } from "../../tests/providers/fake_openai.ts";
import {
  filesContaining,
  fixtureFlags,
  runBench,
  SOLVING_ANSWER,
} from "../../tests/providers/bench_cli.ts";
// Runs the CLI as its own process: a slow test, ignored unless BENCH_SLOW_TESTS=1.
import { slowTest as test } from "../../tests/slow.ts";

const OPENAI_CANARY = "sk-canary-e2e-openai-9d41b7";
const OPENROUTER_CANARY = "sk-or-canary-e2e-c3a8e2";

interface Summary {
  run_id: string;
  status: string;
  totals: { passed: number; attempts: number; cost_usd: number | null; cached: number }[];
  attempts: {
    sample: number;
    outcome: string;
    tests_passed: number | null;
    tests_total: number | null;
    prompt_tokens: number | null;
    completion_tokens: number | null;
    cost_usd: number | null;
    cached: boolean;
    retries: number;
    first_token_ms: number | null;
    latency_ms: number | null;
  }[];
}

async function latestSummary(out: string): Promise<Summary> {
  return JSON.parse(await Deno.readTextFile(join(out, "latest_summary.json")));
}

test("bench CLI - openai/fake end to end: outcome, tokens, cost, retries, cache, no key anywhere", async () => {
  const server = new FakeOpenAI();
  const out = await Deno.makeTempDir({ dir: "/tmp", prefix: "bench_providers_e2e_" });
  try {
    server.fallback = {
      kind: "answer",
      text: SOLVING_ANSWER,
      promptTokens: 120,
      completionTokens: 30,
      cost: 0.0015,
      chunkDelayMs: 5,
    };
    server.queue.push({
      kind: "status",
      status: 429,
      headers: { "retry-after": "0" },
      body: { error: { message: "rate limited" } },
    });
    const env = {
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: OPENAI_CANARY,
      OPENROUTER_API_KEY: OPENROUTER_CANARY,
    };
    const args = [
      ...fixtureFlags(out),
      "--models",
      "openai/fake",
      "--samples",
      "2",
      "--concurrency",
      "1",
    ];

    const first = await runBench(args, env);
    assert.equal(first.code, 0, first.stderr);
    let s = await latestSummary(out);
    assert.equal(s.status, "finished");
    assert.deepEqual(
      s.attempts.map((a) => [
        a.sample,
        a.outcome,
        a.tests_passed,
        a.tests_total,
        a.prompt_tokens,
        a.completion_tokens,
        a.cost_usd,
        a.cached,
        a.retries,
      ]),
      [
        [0, "passed", 3, 3, 120, 30, 0.0015, false, 1],
        [1, "passed", 3, 3, 120, 30, 0.0015, false, 0],
      ],
    );
    for (const a of s.attempts) {
      assert.ok(
        a.first_token_ms !== null && a.latency_ms !== null && a.latency_ms >= a.first_token_ms,
      );
    }
    assert.deepEqual(
      s.totals.map((t) => [t.attempts, t.passed, t.cost_usd, t.cached]),
      [[2, 2, 0.003, 0]],
    );
    assert.equal(server.chats.length, 3); // the 429, then one call per sample

    // The same command again: both answers come from the cache, no new call is made.
    const second = await runBench(args, env);
    assert.equal(second.code, 0, second.stderr);
    s = await latestSummary(out);
    assert.deepEqual(s.attempts.map((a) => [a.outcome, a.cached, a.cost_usd]), [
      ["passed", true, 0.0015],
      ["passed", true, 0.0015],
    ]);
    assert.equal(s.totals[0].cached, 2);
    assert.equal(server.chats.length, 3);

    // --no-cache calls the model again.
    const third = await runBench([...args, "--no-cache"], env);
    assert.equal(third.code, 0, third.stderr);
    s = await latestSummary(out);
    assert.deepEqual(s.attempts.map((a) => a.cached), [false, false]);
    assert.equal(server.chats.length, 5);

    // The key went to its provider (and only in the Authorization header)...
    assert.ok(server.chats.every((r) => r.authorization === `Bearer ${OPENAI_CANARY}`));
    const sent = JSON.stringify(server.requests.map((r) => {
      const { authorization: _, ...headers } = r.headers;
      return { ...r, authorization: null, headers };
    }));
    assert.ok(sent.includes("def add(a, b):"), "the scan covers the prompts sent");
    assert.ok(!sent.includes(OPENAI_CANARY) && !sent.includes(OPENROUTER_CANARY));
    // ...and nowhere else: artifacts, summaries, cache, history.db (and its WAL), output.
    for (const canary of [OPENAI_CANARY, OPENROUTER_CANARY]) {
      assert.deepEqual(await filesContaining(out, canary), []);
      for (const r of [first, second, third]) {
        assert.ok(!r.stdout.includes(canary) && !r.stderr.includes(canary));
      }
    }
    // The scan can see a key: a file holding one would have been found.
    await Deno.writeTextFile(join(out, "probe.txt"), `x${OPENAI_CANARY}x`);
    assert.deepEqual(await filesContaining(out, OPENAI_CANARY), ["probe.txt"]);
  } finally {
    await server.close();
    await Deno.remove(out, { recursive: true });
  }
});

test("bench CLI - a missing key stops the run before any attempt, in one line", async () => {
  const out = await Deno.makeTempDir({ dir: "/tmp", prefix: "bench_providers_key_" });
  try {
    const r = await runBench([...fixtureFlags(out), "--models", "openrouter/google/gemini-pro"], {
      OPENROUTER_API_KEY: "", // an empty shell value wins over a developer's .env
    });
    assert.equal(r.code, 1);
    // Other lines (skipped catalog tasks, Deno notices) may come first; the error is one line.
    const lines = r.stderr.trim().split("\n");
    assert.equal(
      lines.at(-1),
      "error: OPENROUTER_API_KEY is not set: add it to .env or the environment to use " +
        "openrouter/ models",
    );
    assert.equal(lines.filter((l) => l.includes("OPENROUTER_API_KEY")).length, 1);
    assert.deepEqual(
      [...Deno.readDirSync(out)].map((e) => e.name).filter((n) => n.startsWith("run_")),
      [],
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

test("bench CLI - --list-models prints the endpoint's models with prices", async () => {
  const server = new FakeOpenAI();
  try {
    server.models = [
      { id: "google/gemini-pro", pricing: { prompt: "0.0000005", completion: "0.0000015" } },
      { id: "meta/llama-3" },
    ];
    const r = await runBench(["--list-models", "openrouter"], {
      OPENROUTER_BASE_URL: server.baseUrl,
      OPENROUTER_API_KEY: OPENROUTER_CANARY,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "model                in/Mtok   out/Mtok  context\n" +
        "google/gemini-pro      $0.50      $1.50  -\n" +
        "meta/llama-3               -          -  -\n",
    );
  } finally {
    await server.close();
  }
});
