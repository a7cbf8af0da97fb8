// A hostile agent, scripted turn by turn on the loopback OpenAI-compatible server and run
// through the real engine and sandbox: `../` and absolute paths, symlinks planted in its
// workspace, a 50 MB write, 1,000 tool calls in one turn, a run_tests storm, unknown tools
// and broken JSON. All are refused or limited, nothing leaves the workspace, and the attempt
// ends with the limit that stopped it. Also: the token and wall-clock limits, and a model
// that answers in text without tools (graded as one-shot).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createProvider } from "../harness/providers/registry.ts";
import type { ChatMessage } from "../harness/providers/types.ts";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { AgentSettings, AttemptResult } from "../lib/wire.ts";
import { fixturePlan, fixtureTasks } from "./helpers.ts";
import { FakeOpenAI, type Reply } from "./providers/fake_openai.ts";
import { SOLVING_ANSWER } from "./providers/bench_cli.ts";
import { SLOW_SUITE } from "./slow.ts";

const MODEL = "openai/fake";
const LIMITS: AgentSettings = {
  max_turns: 8,
  max_test_runs: 5,
  attempt_timeout_s: 600,
  max_attempt_tokens: null,
};

const HUGE_WRITE = { path: "calc.py", content: "#".repeat(50 << 20) };

type Call = { name: string; arguments: string };
const call = (name: string, args: unknown = {}): Call => ({
  name,
  arguments: typeof args === "string" ? args : JSON.stringify(args),
});

interface Outcome {
  result: AttemptResult;
  attemptDir: string;
  transcript: Record<string, unknown>[];
  /** Every tool result, in order. */
  toolResults: string[];
}

/** Runs fx_python in agent mode against `script` (turn number → reply). */
async function runAgent(
  server: FakeOpenAI,
  limits: AgentSettings,
  script: (turn: number, ws: string) => Reply | Promise<Reply>,
): Promise<Outcome> {
  const runsDir = await Deno.makeTempDir({ prefix: "bench_agent_hostile_" });
  const store = new SqliteStore(join(runsDir, "history.db"));
  const plan = fixturePlan(await fixtureTasks(["fx_python"]), runsDir, [], {
    models: [MODEL],
    agent: limits,
  });
  plan.providers.set(
    MODEL,
    createProvider(MODEL, {
      env: (n) => (n === "OPENAI_BASE_URL" ? server.baseUrl : undefined),
      maxRetries: 0,
      cache: null,
    }),
  );
  const attemptDir = join(runsDir, plan.runId, "fx_python__openai-fake__sample00");
  server.onChat = (body) => {
    const messages = (body as { messages: ChatMessage[] }).messages;
    const turn = messages.filter((m) => m.role === "assistant").length;
    return script(turn, join(attemptDir, "sandbox", "workspace"));
  };
  const summary = await executeRun(plan, { store, signal: new AbortController().signal });
  await store.close();
  const transcript = (await Deno.readTextFile(join(attemptDir, "transcript.jsonl"))).trim()
    .split("\n").map((l) => JSON.parse(l));
  const toolResults = transcript.flatMap((m) => (m.role === "tool" ? [String(m.content)] : []));
  return { result: summary.attempts[0], attemptDir, transcript, toolResults };
}

describe("agent mode against a hostile model", SLOW_SUITE, () => {
  it("refuses escapes, symlinks, huge writes, call floods and test storms", async () => {
    const server = new FakeOpenAI();
    const outside = await Deno.makeTempDir({ prefix: "bench_agent_outside_" });
    const secret = join(outside, "secret.txt");
    await Deno.writeTextFile(secret, "TOP-SECRET-CANARY");
    try {
      const got = await runAgent(server, LIMITS, async (turn, ws) => {
        const tools = (...calls: Call[]): Reply => ({ kind: "tools", calls });
        switch (turn) {
          case 0:
            return tools(
              call("read_file", { path: `../../../../../../../..${secret}` }),
              call("read_file", { path: secret }),
              call("write_file", { path: "../calc.py", content: "x = 1\n" }),
              call("write_file", { path: join(outside, "pwned.py"), content: "x = 1\n" }),
              call("write_file", { path: "tests/test_calc.py", content: "def test_x(): pass\n" }),
              call("read_file", "{not json"),
              call("rm_rf", { path: "/" }),
              call("read_file", { path: 42 }),
            );
          case 1:
            // Links planted in the workspace (as if something had made them).
            await Deno.symlink(secret, join(ws, "leak.py"));
            await Deno.symlink(outside, join(ws, "out"));
            return tools(
              call("read_file", { path: "leak.py" }),
              call("read_file", { path: "out/secret.txt" }),
              call("write_file", { path: "leak.py", content: "x = 1\n" }),
              call("list_files"),
            );
          case 2:
            // 5 MB of chatter besides the 50 MB write: kept cut, never resent whole.
            return {
              kind: "tools",
              text: "blah ".repeat(1 << 20),
              calls: [call("write_file", HUGE_WRITE)],
            };
          case 3:
            return tools(...Array.from({ length: 1000 }, () => call("list_files")));
          case 4:
            return tools(...Array.from({ length: 20 }, () => call("run_tests")));
          default:
            return tools(call("run_tests"));
        }
      });
      const r = got.result;
      assert.equal(r.outcome, "failed"); // the starter code, graded after the loop
      assert.deepEqual(r.agent, {
        turns: 8,
        tool_calls: {
          read_file: 6,
          write_file: 5,
          "(unknown)": 1,
          list_files: 1001,
          run_tests: 23,
        },
        test_runs: 5,
        ended_by: "max_turns",
      });
      const results = got.toolResults;
      assert.deepEqual(results.slice(0, 8), [
        `error: "../../../../../../../..${secret}": ".." is refused; paths stay in the workspace`,
        `error: ${JSON.stringify(secret)}: absolute paths are refused`,
        `error: "../calc.py": ".." is refused; paths stay in the workspace`,
        `error: ${JSON.stringify(join(outside, "pwned.py"))}: absolute paths are refused`,
        `error: "tests/test_calc.py" is not editable (editable: calc.py)`,
        "error: arguments are not valid JSON",
        'error: unknown tool "rm_rf": use list_files, read_file, write_file, run_tests, submit',
        "error: path must be a string",
      ]);
      assert.deepEqual(results.slice(8, 12), [
        'error: "leak.py" is a symlink (refused)',
        'error: "out" is a symlink (refused)',
        'error: "leak.py" is a symlink (refused)',
        "calc.py", // list_files leaves links out
      ]);
      const huge = JSON.stringify(HUGE_WRITE).length;
      assert.equal(results[12], `error: arguments too large (${huge} > 1114112 bytes)`);
      const flood = results.slice(13, 1013);
      assert.equal(flood.filter((x) => x === "calc.py").length, 32);
      assert.equal(
        flood.filter((x) => x === "error: not run: more than 32 tool calls in one turn").length,
        968,
      );
      const storm = results.slice(1013, 1033);
      assert.equal(storm.filter((x) => JSON.parse(x.startsWith("{") ? x : "{}").outcome).length, 5);
      const probe = JSON.parse(storm[0]);
      assert.deepEqual([probe.outcome, probe.tests_passed, probe.tests_total], ["failed", 0, 3]);
      assert.equal(storm[5], "error: run_tests limit reached (5 per attempt)");
      assert.equal(results.at(-1), "error: run_tests limit reached (5 per attempt)");

      // Nothing escaped; nothing outside was read; the links are gone before grading.
      assert.deepEqual([...Deno.readDirSync(outside)].map((e) => e.name), ["secret.txt"]);
      await assert.rejects(Deno.lstat(join(got.attemptDir, "sandbox", "calc.py")));
      const everything = JSON.stringify(got.transcript) + results.join("");
      assert.ok(!everything.includes("TOP-SECRET-CANARY"));
      assert.deepEqual(r.edits_refused, [
        { path: "leak.py", reason: "not a regular file (removed)" },
        { path: "out", reason: "not a regular file (removed)" },
      ]);
      assert.deepEqual(r.edits_applied, []);
      // The 50 MB write is not kept in the transcript, nor sent back to the model.
      const size = (await Deno.stat(join(got.attemptDir, "transcript.jsonl"))).size;
      assert.ok(size < 1024 * 1024, `transcript is ${size} bytes`);
      assert.ok(server.chats.every((c) => JSON.stringify(c.body).length < 1024 * 1024));
    } finally {
      await server.close();
      await Deno.remove(outside, { recursive: true });
    }
  });

  it("ends on the token limit, on the wall clock, and grades a text answer as one-shot", async () => {
    const server = new FakeOpenAI();
    try {
      const list: Reply = { kind: "tools", calls: [call("list_files")] };
      const tokens = await runAgent(server, { ...LIMITS, max_attempt_tokens: 30 }, () => list);
      assert.equal(tokens.result.outcome, "failed");
      assert.deepEqual(tokens.result.agent, {
        turns: 2,
        tool_calls: { list_files: 2 },
        test_runs: 0,
        ended_by: "max_tokens",
      });
      assert.deepEqual([tokens.result.prompt_tokens, tokens.result.completion_tokens], [22, 14]);

      const slow = await runAgent(
        server,
        { ...LIMITS, attempt_timeout_s: 1 },
        (turn) => (turn === 0 ? list : { kind: "hang" }),
      );
      assert.equal(slow.result.outcome, "failed");
      assert.equal(slow.result.agent?.ended_by, "timeout");
      assert.equal(slow.result.agent?.turns, 1);

      const text = await runAgent(server, LIMITS, async (_turn, ws) => {
        await Deno.symlink("/etc", join(ws, "etc_link")); // removed before the text is applied
        return { kind: "answer", text: SOLVING_ANSWER.replace("adder.py", "calc.py") };
      });
      assert.equal(text.result.outcome, "passed");
      assert.deepEqual(text.result.agent, {
        turns: 1,
        tool_calls: {},
        test_runs: 0,
        ended_by: "no_tools",
      });
      assert.deepEqual(text.result.edits_applied, ["calc.py"]);
      assert.deepEqual(text.result.edits_refused, [
        { path: "etc_link", reason: "not a regular file (removed)" },
      ]);

      const prose = await runAgent(server, LIMITS, () => ({ kind: "answer", text: "No idea." }));
      assert.deepEqual([prose.result.outcome, prose.result.error], [
        "malformed_response",
        "no usable edit in the response",
      ]);
    } finally {
      await server.close();
    }
  });
});
